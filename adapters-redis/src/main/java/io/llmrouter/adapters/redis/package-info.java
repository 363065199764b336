/**
 * Redisson adapters: global token buckets, shared in-flight counters and shared routing state.
 * Empty until the rate-limit issue lands; the module exists so the module map and its ArchUnit
 * rules are in place from the start.
 */
package io.llmrouter.adapters.redis;
