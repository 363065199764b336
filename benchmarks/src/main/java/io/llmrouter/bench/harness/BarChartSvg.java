package io.llmrouter.bench.harness;

import java.util.List;
import java.util.Locale;

/**
 * A dependency-free SVG of horizontal bar panels, one bar per labelled value, each panel scaled to
 * its own maximum. Horizontal bars keep long labels (plugin sets, proxy × level) readable.
 */
public final class BarChartSvg {

    private static final int LABEL_WIDTH = 300;
    private static final int BAR_WIDTH = 360;
    private static final int ROW = 22;
    private static final int PANEL_GAP = 40;
    private static final String[] COLORS = {"#4e79a7", "#f28e2b", "#59a14f", "#e15759", "#76b7b2", "#edc948"};

    /** One bar. {@code series} picks its colour (for example the variant or the proxy). */
    public record Bar(String label, double value, int series) {
    }

    /** One panel: a title, the unit printed after each value, and its bars top to bottom. */
    public record Panel(String title, String unit, List<Bar> bars) {
    }

    private BarChartSvg() {
    }

    public static String render(String title, List<Panel> panels) {
        int height = 40 + panels.stream().mapToInt(p -> PANEL_GAP + p.bars().size() * ROW).sum();
        StringBuilder svg = new StringBuilder(String.format(Locale.ROOT,
                "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" font-family=\"sans-serif\" "
                        + "font-size=\"12\">%n<rect width=\"100%%\" height=\"100%%\" fill=\"white\"/>%n"
                        + "<text x=\"10\" y=\"22\" font-size=\"15\" font-weight=\"bold\">%s</text>%n",
                LABEL_WIDTH + BAR_WIDTH + 110, height, escape(title)));
        int y = 40;
        for (Panel panel : panels) {
            y = panel(svg, panel, y);
        }
        return svg.append("</svg>\n").toString();
    }

    private static int panel(StringBuilder svg, Panel panel, int top) {
        svg.append(String.format(Locale.ROOT, "<text x=\"10\" y=\"%d\" font-weight=\"bold\">%s</text>%n", top + 20,
                escape(panel.title())));
        double max = panel.bars().stream().mapToDouble(Bar::value).filter(Double::isFinite).max().orElse(1);
        int y = top + PANEL_GAP - 10;
        for (Bar bar : panel.bars()) {
            double value = Double.isFinite(bar.value()) ? bar.value() : 0;
            int width = max > 0 ? (int) Math.round(BAR_WIDTH * value / max) : 0;
            svg.append(String.format(Locale.ROOT,
                    "<text x=\"%d\" y=\"%d\" text-anchor=\"end\">%s</text>"
                            + "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" fill=\"%s\"/>"
                            + "<text x=\"%d\" y=\"%d\">%s</text>%n",
                    LABEL_WIDTH - 6, y + 14, escape(bar.label()), LABEL_WIDTH, y + 3, Math.max(width, 1), ROW - 6,
                    COLORS[Math.floorMod(bar.series(), COLORS.length)], LABEL_WIDTH + width + 4, y + 14,
                    escape(String.format(Locale.ROOT, "%.2f %s", value, panel.unit()))));
            y += ROW;
        }
        return y + 10;
    }

    private static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }
}
