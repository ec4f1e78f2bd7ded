package io.splitdb.cli;

import javax.imageio.ImageIO;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** A bar chart (PNG) of p50 latency per operation, one bar per system, on a log scale. */
final class BenchPlot {
    private static final Color[] COLORS = {new Color(0x4C72B0), new Color(0x55A868), new Color(0xC44E52), new Color(0x8172B2)};

    private BenchPlot() {
    }

    static void write(Path file, List<String> systems, List<String> operations, Map<String, Map<String, BenchStats>> results) throws IOException {
        int w = 1100;
        int h = 520;
        int left = 80;
        int bottom = 70;
        int top = 50;
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, w, h);
        double max = 1;
        for (Map<String, BenchStats> bySystem : results.values()) {
            for (BenchStats s : bySystem.values()) {
                max = Math.max(max, s.p50Nanos() / 1000.0);
            }
        }
        double lo = 10;
        double hi = Math.pow(10, Math.ceil(Math.log10(max)));
        int plotH = h - top - bottom;
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
        g.setColor(Color.GRAY);
        for (double v = lo; v <= hi; v *= 10) {
            int y = top + plotH - (int) (plotH * Math.log10(v / lo) / Math.log10(hi / lo));
            g.drawLine(left, y, w - 20, y);
            g.drawString(v >= 1000 ? (long) (v / 1000) + " ms" : (long) v + " µs", 10, y + 4);
        }
        int groups = operations.size();
        int groupW = (w - left - 20) / groups;
        int barW = Math.max(6, (groupW - 20) / Math.max(1, systems.size()));
        for (int o = 0; o < groups; o++) {
            String op = operations.get(o);
            for (int s = 0; s < systems.size(); s++) {
                BenchStats st = results.getOrDefault(systems.get(s), Map.of()).get(op);
                if (st == null) {
                    continue;
                }
                double us = Math.max(lo, st.p50Nanos() / 1000.0);
                int barH = (int) (plotH * Math.log10(us / lo) / Math.log10(hi / lo));
                int x = left + o * groupW + 10 + s * barW;
                g.setColor(COLORS[s % COLORS.length]);
                g.fillRect(x, top + plotH - barH, barW - 2, barH);
            }
            g.setColor(Color.BLACK);
            g.drawString(op, left + o * groupW + 10, h - bottom + 20);
        }
        g.setStroke(new BasicStroke(1));
        g.drawLine(left, top + plotH, w - 20, top + plotH);
        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 14));
        g.drawString("p50 latency per operation (log scale; lower is better)", left, 25);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
        for (int s = 0; s < systems.size(); s++) {
            g.setColor(COLORS[s % COLORS.length]);
            g.fillRect(left + s * 120, h - 28, 12, 12);
            g.setColor(Color.BLACK);
            g.drawString(systems.get(s), left + s * 120 + 18, h - 18);
        }
        g.dispose();
        ImageIO.write(img, "png", file.toFile());
    }
}
