package dev.fluxschnell.spring.ai;

import dev.fluxschnell.sdk.FluxSchnellClient;
import dev.fluxschnell.spring.boot.FluxSchnellAutoConfiguration;
import org.springframework.ai.image.ImageModel;
import org.springframework.ai.model.SpringAIModelProperties;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;

/**
 * Auto-configures a {@link FluxSchnellImageModel} over the application's {@link FluxSchnellClient} — the Spring Boot
 * starter's bean, or the application's own; never a second client. Active unless {@code spring.ai.model.image} names
 * another model (Spring AI's selection convention); set {@code spring.ai.model.image=flux-schnell} when several image
 * models are on the classpath. Default options come from {@code spring.ai.flux-schnell.image.*}.
 */
@AutoConfiguration(after = FluxSchnellAutoConfiguration.class)
@ConditionalOnClass({ImageModel.class, FluxSchnellClient.class})
@ConditionalOnProperty(name = SpringAIModelProperties.IMAGE_MODEL, havingValue = FluxSchnellImageModel.SPRING_AI_MODEL,
        matchIfMissing = true)
@EnableConfigurationProperties(FluxSchnellImageProperties.class)
public class FluxSchnellImageAutoConfiguration {
    /**
     * {@return the image model over the client, with the properties' default options}
     *
     * @param client the application's client
     * @param properties the default options, under {@code spring.ai.flux-schnell.image}
     */
    @Bean
    @ConditionalOnMissingBean
    public FluxSchnellImageModel fluxSchnellImageModel(FluxSchnellClient client, FluxSchnellImageProperties properties) {
        return FluxSchnellImageModel.builder().client(client).defaultOptions(properties.toOptions()).build();
    }
}
