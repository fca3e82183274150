package dev.fluxschnell.spring.boot;

import dev.fluxschnell.sdk.storage.ImageStorage;
import dev.fluxschnell.sdk.storage.PublicUrls;
import dev.fluxschnell.sdk.storage.firebase.FirebaseImageStorage;
import dev.fluxschnell.sdk.storage.s3.S3ImageStorage;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Storage in the application's own S3 or Firebase client (the starter never creates vendor clients), with public URLs
 * when {@code flux-schnell.storage.public-base-url} is set.
 */
final class FluxSchnellStorageConfigurations {
    private FluxSchnellStorageConfigurations() {}

    private static String bucket(FluxSchnellProperties properties) {
        String bucket = properties.getStorage().getBucket();
        if (bucket == null || bucket.isBlank()) {
            throw new IllegalStateException("flux-schnell.storage.bucket is required with flux-schnell.storage.type="
                    + properties.getStorage().getType().name().toLowerCase());
        }
        return bucket;
    }

    /** {@code flux-schnell.storage.type=s3}: the app's {@code S3Client} bean. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(name = {"dev.fluxschnell.sdk.storage.s3.S3ImageStorage",
            "software.amazon.awssdk.services.s3.S3Client"})
    @ConditionalOnProperty(prefix = "flux-schnell.storage", name = "type", havingValue = "s3")
    static class S3 {
        @Bean
        @ConditionalOnMissingBean(ImageStorage.class)
        S3ImageStorage fluxSchnellS3Storage(FluxSchnellProperties properties,
                                            software.amazon.awssdk.services.s3.S3Client s3,
                                            ObjectProvider<PublicUrls> publicUrls) {
            S3ImageStorage.Builder b = S3ImageStorage.builder().client(s3).bucket(bucket(properties))
                    .prefix(properties.getStorage().getPrefix());
            publicUrls.ifAvailable(b::publicUrls);
            return b.build();
        }
    }

    /** {@code flux-schnell.storage.type=firebase}: the app's {@code com.google.cloud.storage.Storage} bean. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(name = {"dev.fluxschnell.sdk.storage.firebase.FirebaseImageStorage",
            "com.google.cloud.storage.Storage"})
    @ConditionalOnProperty(prefix = "flux-schnell.storage", name = "type", havingValue = "firebase")
    static class Firebase {
        @Bean
        @ConditionalOnMissingBean(ImageStorage.class)
        FirebaseImageStorage fluxSchnellFirebaseStorage(FluxSchnellProperties properties,
                                                        com.google.cloud.storage.Storage storage,
                                                        ObjectProvider<PublicUrls> publicUrls) {
            FirebaseImageStorage.Builder b = FirebaseImageStorage.builder().storage(storage)
                    .bucket(bucket(properties)).prefix(properties.getStorage().getPrefix());
            publicUrls.ifAvailable(b::publicUrls);
            return b.build();
        }
    }
}
