package io.llmrouter.bench.harness;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class NginxProcessTest {

    @Test
    void config_twoUpstreams_loopbackRoundRobinUnbufferedKeepAlive() {
        String conf = NginxProcess.config(Path.of("/tmp/x"), 18080,
                List.of(URI.create("http://127.0.0.1:8000"), URI.create("http://127.0.0.1:8001")));
        for (String line : List.of("listen 127.0.0.1:18080;", "server 127.0.0.1:8000;", "server 127.0.0.1:8001;",
                "proxy_buffering off;", "proxy_http_version 1.1;", "proxy_set_header Connection \"\";", "keepalive 1024;",
                "pid /tmp/x/nginx.pid;", "access_log off;")) {
            assertTrue(conf.contains(line), line + " in\n" + conf);
        }
    }
}
