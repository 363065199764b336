package io.llmrouter.bootstrap;

import io.llmrouter.adapters.http.AdminAuth;
import io.llmrouter.bootstrap.config.ConfigException;
import io.llmrouter.bootstrap.config.ListenerConfig;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Optional;

/**
 * The admin listener's rule: bound to a loopback address it may go without a token (only processes
 * on the host reach it, as Kthena's debug port); bound anywhere else a token is required, and the
 * router refuses to start without one rather than expose pod addresses and config to the network.
 */
final class AdminAccess {

    private AdminAccess() {
    }

    static AdminAuth auth(ListenerConfig admin, Optional<String> token) {
        if (token.isPresent()) {
            return AdminAuth.bearer(token.get());
        }
        if (!isLoopback(admin.host())) {
            throw new ConfigException("listeners.admin.host is '" + admin.host() + "', which is not a loopback address: "
                    + "set listeners.admin.token (every admin request then needs 'Authorization: Bearer <token>') "
                    + "or bind the admin listener to 127.0.0.1");
        }
        return AdminAuth.open();
    }

    /** Every address the name resolves to must be loopback; "0.0.0.0" (all interfaces) is not. */
    static boolean isLoopback(String host) {
        try {
            InetAddress[] addresses = InetAddress.getAllByName(host);
            for (InetAddress a : addresses) {
                if (!a.isLoopbackAddress()) {
                    return false;
                }
            }
            return addresses.length > 0;
        } catch (UnknownHostException e) {
            return false;
        }
    }
}
