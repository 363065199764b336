package io.llmrouter.adapters.k8s.manifest;

import io.llmrouter.domain.validation.Problem;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;

/**
 * Splits manifest files into documents as {@code kubectl apply -f} would: several documents per file
 * separated by {@code ---}, and {@code kind: List} (the output of {@code kubectl get -o yaml})
 * unpacked into its {@code items}. Empty documents are skipped. Only the kinds this router serves
 * are accepted; the group and version must be {@value #API_VERSION}.
 */
public final class ManifestReader {

    public static final String API_VERSION = "networking.serving.volcano.sh/v1alpha1";
    public static final String MODEL_ROUTE = "ModelRoute";
    public static final String MODEL_SERVER = "ModelServer";
    public static final String STATIC_ENDPOINT = "StaticEndpoint";
    public static final Set<String> KINDS = Set.of(MODEL_ROUTE, MODEL_SERVER, STATIC_ENDPOINT);

    private ManifestReader() {
    }

    /** The documents of all sources, in order, and the problems of those that could not be read. */
    public record Result(List<ManifestDocument> documents, List<Problem> problems) {

        public Result {
            documents = List.copyOf(documents);
            problems = List.copyOf(problems);
        }
    }

    public static Result read(List<SourceText> sources) {
        List<ManifestDocument> documents = new ArrayList<>();
        List<Problem> problems = new ArrayList<>();
        for (SourceText source : sources) {
            readOne(source, documents, problems);
        }
        return new Result(documents, problems);
    }

    private static void readOne(SourceText source, List<ManifestDocument> documents, List<Problem> problems) {
        LoaderOptions options = new LoaderOptions();
        options.setAllowDuplicateKeys(false);
        try {
            for (Node node : new Yaml(options).composeAll(new StringReader(source.content()))) {
                accept(source.name(), node, documents, problems);
            }
        } catch (MarkedYAMLException e) {
            problems.add(Problem.error(source.name(), "", syntax(source.name(), e)));
        } catch (YAMLException e) {
            problems.add(Problem.error(source.name(), "", "is not valid YAML: " + e.getMessage()
                    + "; fix the file (check indentation and quoting)"));
        }
    }

    private static void accept(String file, Node node, List<ManifestDocument> documents, List<Problem> problems) {
        if (YamlFields.isNull(node)) {
            return;
        }
        String where = file + ":" + DocumentContext.line(node);
        DocumentContext ctx = new DocumentContext(file, "document at " + where);
        Optional<YamlFields> fields = YamlFields.of(node, "", ctx);
        if (fields.isEmpty()) {
            problems.addAll(ctx.problems());
            return;
        }
        String kind = fields.get().string("kind").orElse("");
        String apiVersion = fields.get().string("apiVersion").orElse("");
        if (kind.equals("List")) {
            fields.get().objects("items").forEach(item -> accept(file, item.node(), documents, problems));
            problems.addAll(ctx.problems());
            return;
        }
        // The label already says where the document starts; the message need not repeat it.
        String label = "document at " + where;
        if (!KINDS.contains(kind)) {
            problems.add(Problem.error(label, "kind", (kind.isEmpty() ? "is missing" : "'" + kind
                    + "' is not served by this router") + Suggestions.didYouMean(kind, KINDS)
                    + "; use one of ModelRoute, ModelServer, StaticEndpoint (or List with items)"));
        } else if (!apiVersion.equals(API_VERSION)) {
            problems.add(Problem.error(label, "apiVersion", (apiVersion.isEmpty() ? "is missing" : "'" + apiVersion
                    + "' is wrong") + "; write apiVersion: " + API_VERSION));
        } else {
            documents.add(new ManifestDocument(file, DocumentContext.line(node), documents.size(), kind,
                    (MappingNode) node));
        }
        problems.addAll(ctx.problems());
    }

    private static String syntax(String file, MarkedYAMLException e) {
        Mark mark = e.getProblemMark() != null ? e.getProblemMark() : e.getContextMark();
        // The problem's document is the file already; the message adds only the position.
        String at = mark == null ? "" : "line " + (mark.getLine() + 1) + ", column " + (mark.getColumn() + 1) + ": ";
        String problem = e.getProblem() != null ? e.getProblem() : e.getMessage();
        String context = e.getContext() != null ? " (" + e.getContext() + ")" : "";
        return at + "is not valid YAML: " + problem + context + "; check the indentation and quoting there";
    }
}
