package dev.fluxschnell.sdk.storage.firebase;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A stand-in for the Firebase Storage emulator's rules runtime (whose official jar cannot be downloaded here) that
 * permits every request. firebase-tools runs it as {@code java -jar <jar> serve} and talks line-delimited JSON over
 * stdin/stdout: it answers {@code load_ruleset} with success and every {@code verify} with {@code permit: true}.
 */
public final class AllowAllRulesRuntime {
    private static final Pattern ID = Pattern.compile("\"id\"\\s*:\\s*(-?\\d+)");
    private static final Pattern ACTION = Pattern.compile("\"action\"\\s*:\\s*\"([a-z_]+)\"");

    private AllowAllRulesRuntime() {}

    /** Serves requests until stdin closes. */
    public static void main(String[] args) throws Exception {
        System.out.println("{\"id\":-1,\"status\":\"ok\"}");
        System.out.flush();
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        String line;
        while ((line = in.readLine()) != null) {
            Matcher id = ID.matcher(line);
            Matcher action = ACTION.matcher(line);
            if (!id.find() || !action.find()) {
                continue;
            }
            String n = id.group(1);
            String reply = action.group(1).equals("load_ruleset")
                    ? "{\"id\":" + n + ",\"status\":\"ok\",\"result\":{\"rulesVersion\":2},\"errors\":[],\"warnings\":[]}"
                    : "{\"id\":" + n + ",\"status\":\"ok\",\"result\":{\"permit\":true},\"errors\":[],\"warnings\":[]}";
            System.out.println(reply);
            System.out.flush();
        }
    }
}
