package dev.keyport.bootstrap;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A TCP relay between a standby and its primary that can be paused: while paused, what the primary sends
 * is held back (a network that stops delivering), and {@link #close} drops what was held. With it, the
 * test makes a standby fall behind without touching PostgreSQL.
 */
final class PausableProxy implements AutoCloseable {
    private final ServerSocket server;
    private final int target;
    private final List<Socket> sockets = new CopyOnWriteArrayList<>();
    private volatile boolean paused;
    private volatile boolean open = true;

    PausableProxy(int target) throws IOException {
        this.target = target;
        this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread.ofPlatform().daemon().name("proxy-accept").start(this::accept);
    }

    int port() {
        return server.getLocalPort();
    }

    /** From now on nothing the primary sends reaches the standby (nor, so, any acknowledgement of it). */
    void pause() {
        paused = true;
    }

    private void accept() {
        while (open) {
            try {
                Socket client = server.accept();
                Socket upstream = new Socket(InetAddress.getLoopbackAddress(), target);
                sockets.add(client);
                sockets.add(upstream);
                Thread.ofPlatform().daemon().start(() -> pump(client, upstream, false));
                Thread.ofPlatform().daemon().start(() -> pump(upstream, client, true));
            } catch (IOException e) {
                if (!open) {
                    return;
                }
            }
        }
    }

    private void pump(Socket from, Socket to, boolean fromPrimary) {
        byte[] buffer = new byte[16_384];
        try (InputStream in = from.getInputStream();
                OutputStream out = to.getOutputStream()) {
            int read;
            while ((read = in.read(buffer)) >= 0) {
                while (fromPrimary && paused && open) {
                    Thread.sleep(10); // held back; dropped by close()
                }
                if (!open) {
                    return;
                }
                out.write(buffer, 0, read);
                out.flush();
            }
        } catch (IOException | InterruptedException e) {
            // closed
        } finally {
            closeQuietly(from);
            closeQuietly(to);
        }
    }

    @Override
    public void close() {
        open = false;
        closeQuietly(server);
        sockets.forEach(PausableProxy::closeQuietly);
    }

    private static void closeQuietly(AutoCloseable closeable) {
        try {
            closeable.close();
        } catch (Exception ignored) {
            // best effort
        }
    }
}
