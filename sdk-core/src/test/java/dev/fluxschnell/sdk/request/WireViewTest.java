package dev.fluxschnell.sdk.request;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import dev.fluxschnell.sdk.Pictures;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The wire view is the one description of a request: every builder setter shows in it, and every request reads back
 * from it unchanged ({@code fromInputs(inputs + settings)} equals the request, for every model of every type).
 */
class WireViewTest {
    static final InputImage PHOTO = InputImage.of(Pictures.png(64, 48));
    static final InputImage MASK = InputImage.of(Pictures.mask(64, 48));

    /** A request type: its builder, the setup every build needs, and the models it runs on. */
    record Type(String name, Supplier<Object> builder, Function<Object, Object> required, List<Enum<?>> models) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Type> types() {
        return Stream.of(
                new Type("ImageRequest", ImageRequest::builder, b -> ((ImageRequest.Builder) b).prompt("a red mug"),
                        List.of(ImageModel.values())),
                new Type("EditRequest", EditRequest::builder, b -> ((EditRequest.Builder) b).image(PHOTO)
                        .prompt("make it blue"), List.of(EditModel.values())),
                new Type("InpaintRequest", InpaintRequest::builder, b -> ((InpaintRequest.Builder) b).image(PHOTO)
                        .mask(MASK).prompt("no label"), List.of(InpaintModel.values())),
                new Type("UpscaleRequest", UpscaleRequest::builder, b -> ((UpscaleRequest.Builder) b).image(PHOTO),
                        List.of(UpscaleModel.values())),
                new Type("RemoveBackgroundRequest", RemoveBackgroundRequest::builder,
                        b -> ((RemoveBackgroundRequest.Builder) b).image(PHOTO), List.of(BackgroundModel.values())));
    }

    /**
     * Setters that only choose or reset, never add to the view by themselves; and maskInAlpha, which shows as a view
     * without a mask (InpaintRequestTest).
     */
    static final List<String> NOT_SETTINGS = List.of("model", "randomSeed", "input", "image", "build", "prompt",
            "mask", "outpaint", "maskInAlpha");

    @ParameterizedTest(name = "{0}")
    @MethodSource("types")
    void everyBuilderSetter_showsInTheWireView_onSomeModel(Type type) throws Exception {
        Class<?> builderClass = type.builder().get().getClass();
        List<String> missing = new ArrayList<>();
        for (Method setter : builderClass.getMethods()) {
            if (setter.getDeclaringClass() != builderClass || !Modifier.isPublic(setter.getModifiers())
                    || setter.getReturnType() != builderClass || NOT_SETTINGS.contains(setter.getName())) {
                continue;
            }
            if (!showsOnSomeModel(type, setter)) {
                missing.add(setter.getName());
            }
        }
        assertThat(missing).as("setters that never reach inputs() or settings()").isEmpty();
    }

    private static boolean showsOnSomeModel(Type type, Method setter) throws Exception {
        for (Enum<?> model : type.models()) {
            for (Object value : samples(setter.getParameterTypes())) {
                Object plain = base(type, model);
                Object withIt = base(type, model);
                try {
                    setter.invoke(withIt, (Object[]) value);
                    ModelRequest a = build(plain);
                    ModelRequest b = build(withIt);
                    if (!a.inputs().equals(b.inputs()) || !a.settings().equals(b.settings())) {
                        return true;
                    }
                } catch (java.lang.reflect.InvocationTargetException e) {
                    if (!(e.getCause() instanceof IllegalArgumentException
                            || e.getCause() instanceof IllegalStateException)) {
                        throw e;
                    }
                }
            }
        }
        return false;
    }

    private static Object base(Type type, Enum<?> model) throws Exception {
        Object b = type.builder().get();
        b.getClass().getMethod("model", model.getClass()).invoke(b, model);
        return type.required().apply(b);
    }

    private static ModelRequest build(Object builder) throws Exception {
        return (ModelRequest) builder.getClass().getMethod("build").invoke(builder);
    }

    /** Values to try for a setter's parameters: the first one a model accepts shows whether it reaches the view. */
    private static List<Object[]> samples(Class<?>[] params) {
        if (params.length == 2 && params[0] == int.class && params[1] == int.class) {
            return List.of(new Object[] {512, 512}, new Object[] {1024, 768});
        }
        if (params.length != 1) {
            return List.of();
        }
        Class<?> p = params[0];
        List<Object> one;
        if (p == int.class) {
            one = List.of(2, 4, 1, 20, 30, 50, 0, 80);
        } else if (p == long.class) {
            one = List.of(42L);
        } else if (p == double.class) {
            one = List.of(0.5, 2.5, 3.5, 60.0, 1.0);
        } else if (p == boolean.class) {
            one = List.of(true, false);
        } else if (p == InputImage.class) {
            one = List.of(PHOTO);
        } else if (p.isEnum()) {
            one = Arrays.asList(p.getEnumConstants());
        } else {
            one = List.of();
        }
        return one.stream().map(v -> new Object[] {v}).toList();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("types")
    void everyModelsFullRequest_readsBackFromItsViewUnchanged(Type type) throws Exception {
        for (Enum<?> model : type.models()) {
            ModelRequest r = build(everythingTheModelTakes(base(type, model)));
            Map<String, Object> view = new LinkedHashMap<>(r.inputs());
            view.putAll(r.settings());
            ModelRequest back = ModelRequest.fromInputs(r.model(), view);
            assertThat(back).as(model.name()).isEqualTo(r).hasSameHashCodeAs(r);
            assertThat(back.cacheKey()).isEqualTo(r.cacheKey());
            assertThat(back.getClass()).isEqualTo(r.getClass());
            Object toBuilder = r.getClass().getMethod("toBuilder").invoke(r);
            assertThat(build(toBuilder)).as(model.name() + " toBuilder").isEqualTo(r);
        }
    }

    /**
     * {@return a builder with every setter called with the first sample the model accepts (a setter it does not take
     * is skipped)}
     */
    private static Object everythingTheModelTakes(Object builder) throws Exception {
        for (Method setter : builder.getClass().getMethods()) {
            if (setter.getDeclaringClass() != builder.getClass() || setter.getReturnType() != builder.getClass()
                    || NOT_SETTINGS.contains(setter.getName()) || setter.getName().equals("reference")) {
                continue;
            }
            for (Object[] value : samples(setter.getParameterTypes())) {
                Object trial = copy(builder);
                try {
                    setter.invoke(trial, value);
                    build(trial);
                    builder = trial;
                    break;
                } catch (java.lang.reflect.InvocationTargetException e) {
                    // not taken by this model, or out of its range: try the next value
                }
            }
        }
        try {
            build(builder);
        } catch (java.lang.reflect.InvocationTargetException e) {
            fail("the full request does not build: " + e.getCause());
        }
        return builder;
    }

    /** A builder with the same settings: the built request's own toBuilder(). */
    private static Object copy(Object builder) throws Exception {
        ModelRequest built = build(builder);
        return built.getClass().getMethod("toBuilder").invoke(built);
    }
}
