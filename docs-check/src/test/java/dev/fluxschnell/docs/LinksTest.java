package dev.fluxschnell.docs;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Every relative link of README.md, CONTRIBUTING.md, examples/README.md and docs/ resolves: the file (or directory)
 * exists, and a {@code #fragment} names a heading of the page it points to (GitHub's anchor rules).
 */
class LinksTest {
    private static final Pattern LINK = Pattern.compile("!?\\[[^\\]]*\\]\\(([^)\\s]+)(?:\\s+\"[^\"]*\")?\\)");
    private static final Pattern HEADING = Pattern.compile("^#{1,6}\\s+(.*?)\\s*#*\\s*$");

    @TestFactory
    Stream<DynamicTest> everyRelativeLinkResolves() {
        return Docs.files().stream().map(file -> DynamicTest.dynamicTest(Docs.name(file),
                () -> assertThat(brokenLinks(file)).as("links that do not resolve").isEmpty()));
    }

    static List<String> brokenLinks(Path file) {
        List<String> broken = new ArrayList<>();
        List<String> lines = Docs.read(file);
        boolean inCode = false;
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            if (line.strip().startsWith("```")) {
                inCode = !inCode;
                continue;
            }
            if (inCode) {
                continue;
            }
            Matcher m = LINK.matcher(line.replaceAll("`[^`]*`", ""));
            while (m.find()) {
                String target = m.group(1);
                if (target.matches("^[a-zA-Z][a-zA-Z+.-]*:.*")) {
                    continue; // http:, https:, mailto:
                }
                String problem = problem(file, target);
                if (problem != null) {
                    broken.add(Docs.name(file) + ":" + (i + 1) + ": " + target + " — " + problem);
                }
            }
        }
        return broken;
    }

    static String problem(Path file, String target) {
        int hash = target.indexOf('#');
        String path = hash < 0 ? target : target.substring(0, hash);
        String fragment = hash < 0 ? null : target.substring(hash + 1);
        Path resolved = path.isEmpty() ? file : file.getParent().resolve(path).normalize();
        if (!resolved.startsWith(Docs.root())) {
            return "points outside the repository";
        }
        if (!Files.exists(resolved)) {
            return "no such file";
        }
        if (fragment != null && !fragment.isEmpty()) {
            if (!resolved.toString().endsWith(".md")) {
                return "a fragment on a file that is not markdown";
            }
            if (!anchors(resolved).contains(fragment)) {
                return "no heading with the anchor #" + fragment;
            }
        }
        return null;
    }

    /** The anchors GitHub makes for a page's headings. */
    static Set<String> anchors(Path md) {
        Set<String> anchors = new HashSet<>();
        Map<String, Integer> seen = new HashMap<>();
        boolean inCode = false;
        for (String line : Docs.read(md)) {
            if (line.strip().startsWith("```")) {
                inCode = !inCode;
            }
            Matcher h = HEADING.matcher(line);
            if (inCode || !h.matches()) {
                continue;
            }
            String slug = h.group(1).toLowerCase(Locale.ROOT).replaceAll("`", "")
                    .replaceAll("\\[([^\\]]*)\\]\\([^)]*\\)", "$1").replaceAll("[^\\p{L}\\p{N} _-]", "")
                    .replace(' ', '-');
            int n = seen.merge(slug, 1, Integer::sum) - 1;
            anchors.add(n == 0 ? slug : slug + "-" + n);
        }
        return anchors;
    }
}
