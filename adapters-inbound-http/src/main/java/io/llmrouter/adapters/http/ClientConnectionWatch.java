package io.llmrouter.adapters.http;

import io.helidon.webserver.ConnectionContext;
import io.helidon.webserver.http.ServerRequest;
import io.llmrouter.domain.port.ResponseSink;
import java.io.IOException;
import java.lang.reflect.Field;
import java.lang.reflect.InaccessibleObjectException;
import java.nio.channels.CancelledKeyException;
import java.nio.channels.ClosedSelectorException;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Notices that an HTTP/1.1 client closed its connection while the router waits for the engine, so
 * the engine's work can be cancelled (nginx's "client prematurely closed connection", 499).
 *
 * <p>Helidon's API has no "client still connected?" and its {@code isConnected()} does not see a
 * peer's FIN. A blocking read on the client socket would see it, but would take bytes Helidon needs
 * (a pipelined next request) and can only be stopped by interrupting, which closes the socket. So
 * this class never reads: while a {@link Watch} is open, the connection's channel is non-blocking
 * and registered for readability with one selector shared by all connections. When it becomes
 * readable, {@code available()} tells the two cases apart without consuming anything: 0 bytes means
 * end of stream or a reset (the client is gone), more means the client sent the next request early,
 * and watching stops (as in nginx, a disconnect behind pipelined bytes is not seen).
 *
 * <p>Contract of a watch: start it on the request's thread after the request body has been read;
 * close it before anything is written to the response. Between the two, Helidon does no I/O on the
 * connection (it handles a request on the connection's own thread), so changing the channel's
 * blocking mode is safe; {@link Watch#close} puts it back before returning. Where that cannot be
 * guaranteed (HTTP/2, asynchronous socket writes) or Helidon's internals are not as expected (the
 * request's {@link ConnectionContext} and its {@link SocketChannel} are private fields, read by
 * type), {@link #start} returns {@link Watch#NONE} and logs once why: disconnects are then noticed
 * only at the next write, as before.
 *
 * <p>Cost per request: two lock-free queue steps and a lock. Requests that finish within one
 * {@link #TICK_MILLIS} are never registered at all; longer ones cost one epoll registration.
 */
public final class ClientConnectionWatch implements AutoCloseable {

    /** How often the selector thread picks up new watches; bounds the detection delay of a very early hang-up. */
    static final long TICK_MILLIS = 50;
    private static final System.Logger LOG = System.getLogger(ClientConnectionWatch.class.getName());
    private static final ClassValue<Optional<Field>> CONTEXT_FIELD = fieldOfType(ConnectionContext.class);
    private static final ClassValue<Optional<Field>> CHANNEL_FIELD = fieldOfType(SocketChannel.class);

    private final Selector selector;
    private final Queue<Watch> toRegister = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean unsupportedLogged = new AtomicBoolean();
    private final Thread thread;
    private volatile boolean running = true;

    private ClientConnectionWatch(Selector selector) {
        this.selector = selector;
        this.thread = Thread.ofPlatform().daemon().name("client-connection-watch").unstarted(this::run);
        thread.start();
    }

    /** A watcher with its own selector thread; empty if no selector can be opened. */
    public static Optional<ClientConnectionWatch> open() {
        try {
            return Optional.of(new ClientConnectionWatch(Selector.open()));
        } catch (IOException e) {
            LOG.log(System.Logger.Level.WARNING, "client disconnects will be noticed only at the next write: "
                    + "no selector could be opened (" + e + ")");
            return Optional.empty();
        }
    }

    /** One watcher for the whole process (one daemon thread), opened on first use. */
    public static Optional<ClientConnectionWatch> shared() {
        return Shared.INSTANCE;
    }

    /**
     * Starts watching {@code req}'s connection; see the class comment for when to call it and when
     * to close the result. Returns {@link Watch#NONE} where watching is not possible.
     */
    public Watch start(ServerRequest req) {
        Optional<SocketChannel> channel = channel(req);
        if (channel.isEmpty() || !running) {
            return Watch.NONE;
        }
        Watch watch = new Watch(channel.get());
        toRegister.add(watch);
        return watch;
    }

    private Optional<SocketChannel> channel(ServerRequest req) {
        Optional<Object> context = read(CONTEXT_FIELD, req);
        if (context.isEmpty()) {
            return unsupported("requests of type " + req.getClass().getName() + " (HTTP/2?) hold no HTTP/1 connection "
                    + "context");
        }
        ConnectionContext ctx = (ConnectionContext) context.get();
        if (ctx.listenerContext().config().writeQueueLength() > 0) {
            // Another thread may still be writing the previous response, so the blocking mode must stay as it is.
            return unsupported("the listener writes asynchronously (write-queue-length > 0)");
        }
        Optional<Object> channel = read(CHANNEL_FIELD, ctx);
        if (channel.isEmpty()) {
            return unsupported("connection contexts of type " + ctx.getClass().getName() + " hold no socket channel");
        }
        return Optional.of((SocketChannel) channel.get());
    }

    private Optional<SocketChannel> unsupported(String why) {
        if (unsupportedLogged.compareAndSet(false, true)) {
            LOG.log(System.Logger.Level.WARNING, "client disconnects will be noticed only at the next write: " + why);
        }
        return Optional.empty();
    }

    private static Optional<Object> read(ClassValue<Optional<Field>> field, Object target) {
        Optional<Field> f = field.get(target.getClass());
        if (f.isEmpty()) {
            return Optional.empty();
        }
        try {
            return Optional.ofNullable(f.get().get(target));
        } catch (IllegalAccessException e) {
            return Optional.empty();
        }
    }

    /** The first field of {@code type} in a class or its superclasses, made readable; empty if none or not allowed. */
    private static ClassValue<Optional<Field>> fieldOfType(Class<?> type) {
        return new ClassValue<>() {
            @Override
            protected Optional<Field> computeValue(Class<?> owner) {
                for (Class<?> c = owner; c != null && c != Object.class; c = c.getSuperclass()) {
                    for (Field f : c.getDeclaredFields()) {
                        if (f.getType() == type && !java.lang.reflect.Modifier.isStatic(f.getModifiers())) {
                            try {
                                f.setAccessible(true);
                                return Optional.of(f);
                            } catch (InaccessibleObjectException | SecurityException e) {
                                return Optional.empty(); // Helidon on the module path without --add-opens
                            }
                        }
                    }
                }
                return Optional.empty();
            }
        };
    }

    private void run() {
        List<Watch> again = new ArrayList<>();
        while (running) {
            try {
                selector.select(key -> ((Watch) key.attachment()).readable(key), TICK_MILLIS);
                // After a select, keys cancelled before it are deregistered, so a connection's next watch can register.
                Watch watch;
                while ((watch = toRegister.poll()) != null) {
                    if (!watch.register(selector)) {
                        again.add(watch);
                    }
                }
                toRegister.addAll(again);
                again.clear();
            } catch (ClosedSelectorException e) {
                return;
            } catch (IOException | RuntimeException e) {
                LOG.log(System.Logger.Level.WARNING, "client connection watch: selector failed", e);
                pause();
            }
        }
    }

    private static void pause() {
        try {
            Thread.sleep(TICK_MILLIS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        running = false;
        try {
            selector.close();
        } catch (IOException e) {
            // nothing left to release
        }
    }

    /**
     * One request's watch. {@link #onGone} registers what to do when the client is seen gone (runs at
     * most once, on its own virtual thread, or at once if already gone).
     */
    public static final class Watch implements AutoCloseable {

        /** Watches nothing: never gone. */
        public static final Watch NONE = new Watch(null);

        private final SocketChannel channel;
        private final ReentrantLock lock = new ReentrantLock();
        private final AtomicReference<Runnable> listener = new AtomicReference<>();
        private volatile boolean gone;
        // guarded by lock
        private boolean closed;
        private boolean madeNonBlocking;
        private SelectionKey key;

        Watch(SocketChannel channel) {
            this.channel = channel;
        }

        /** Whether the client has been seen to close its connection (or reset it). */
        public boolean gone() {
            return gone;
        }

        /**
         * Runs {@code onGone} once the client is seen gone; closing the result withdraws it. One
         * listener at a time: a new one replaces the last.
         */
        public ResponseSink.Registration onGone(Runnable onGone) {
            if (channel == null) {
                return ResponseSink.Registration.NONE;
            }
            listener.set(onGone);
            if (gone && listener.compareAndSet(onGone, null)) {
                onGone.run();
                return ResponseSink.Registration.NONE;
            }
            return () -> listener.compareAndSet(onGone, null);
        }

        /** Selector thread: switch the channel to non-blocking and register it; false to try after the next select. */
        boolean register(Selector selector) {
            lock.lock();
            try {
                if (closed) {
                    return true;
                }
                channel.configureBlocking(false);
                madeNonBlocking = true;
                key = channel.register(selector, SelectionKey.OP_READ, this);
                return true;
            } catch (CancelledKeyException e) {
                return false; // the previous request's key on this connection is not deregistered yet
            } catch (IOException | RuntimeException e) {
                return true; // closed meanwhile (then Helidon sees it too) or cannot be watched: give up quietly
            } finally {
                lock.unlock();
            }
        }

        /** Selector thread: the channel is readable, so there is either end of stream or the client's next bytes. */
        void readable(SelectionKey readyKey) {
            boolean ended;
            lock.lock();
            try {
                if (closed || readyKey != key) {
                    return;
                }
                key.cancel(); // one look is enough: readable stays readable
                key = null;
                ended = channel.socket().getInputStream().available() == 0;
            } catch (IOException e) {
                ended = true; // reset or closed
            } finally {
                lock.unlock();
            }
            if (ended) {
                gone = true;
                Runnable r = listener.getAndSet(null);
                if (r != null) {
                    Thread.ofVirtual().name("client-gone").start(r);
                }
            }
        }

        /**
         * Stops watching and puts the channel back in blocking mode, so Helidon can read and write it
         * again. Idempotent; must come before anything is written to the response.
         */
        @Override
        public void close() {
            if (channel == null) {
                return;
            }
            lock.lock();
            try {
                if (closed) {
                    return;
                }
                closed = true;
                if (key != null) {
                    key.cancel(); // a cancelled key no longer counts, so blocking mode may be restored at once
                    key = null;
                }
                if (madeNonBlocking && channel.isOpen()) {
                    channel.configureBlocking(true);
                }
            } catch (IOException e) {
                // the channel was closed meanwhile: nothing to restore
            } catch (RuntimeException e) {
                // A non-blocking channel would make Helidon misread the connection: closing it is the honest end.
                LOG.log(System.Logger.Level.WARNING, "client connection watch could not restore blocking mode; "
                        + "closing the connection", e);
                try {
                    channel.close();
                } catch (IOException ignored) {
                    // already closing
                }
            } finally {
                lock.unlock();
            }
        }
    }

    private static final class Shared {
        static final Optional<ClientConnectionWatch> INSTANCE = open();
    }
}
