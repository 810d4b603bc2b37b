package dev.keyport.adapter.rest.edge;

import io.micronaut.context.event.BeanCreatedEvent;
import io.micronaut.context.event.BeanCreatedEventListener;
import io.micronaut.http.netty.channel.ChannelPipelineCustomizer;
import io.micronaut.http.server.HttpServerConfiguration;
import io.micronaut.http.server.netty.NettyServerCustomizer;
import io.netty.channel.Channel;
import jakarta.inject.Singleton;

/** Puts an {@link HttpEdgeGuard} right behind the HTTP decoder of every connection. */
@Singleton
final class HttpEdgeInstaller implements BeanCreatedEventListener<NettyServerCustomizer.Registry> {
    private final long maxRequestSize;

    HttpEdgeInstaller(HttpServerConfiguration server) {
        this.maxRequestSize = server.getMaxRequestSize();
    }

    @Override
    public NettyServerCustomizer.Registry onCreated(BeanCreatedEvent<NettyServerCustomizer.Registry> event) {
        event.getBean().register(new Customizer(null, maxRequestSize));
        return event.getBean();
    }

    private record Customizer(Channel channel, long maxRequestSize) implements NettyServerCustomizer {
        @Override
        public NettyServerCustomizer specializeForChannel(Channel channel, ChannelRole role) {
            return new Customizer(channel, maxRequestSize);
        }

        @Override
        public void onStreamPipelineBuilt() {
            if (channel.pipeline().get(ChannelPipelineCustomizer.HANDLER_HTTP_SERVER_CODEC) != null) {
                channel.pipeline()
                        .addAfter(
                                ChannelPipelineCustomizer.HANDLER_HTTP_SERVER_CODEC,
                                "keyport-edge-guard",
                                new HttpEdgeGuard(maxRequestSize));
            }
        }
    }
}
