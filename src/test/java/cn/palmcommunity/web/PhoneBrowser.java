package cn.palmcommunity.web;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.BrowserType;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Playwright;
import com.microsoft.playwright.assertions.PlaywrightAssertions;
import com.microsoft.playwright.options.Geolocation;
import com.microsoft.playwright.options.ServiceWorkerPolicy;
import org.junit.jupiter.api.Assumptions;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Debian's Chromium driven by Playwright, one per test class, with fresh phone-sized contexts for
 * each journey: 390×844 CSS pixels, touch, a phone user agent, Chinese locale, China time and a
 * granted position. Also the checks every page gets: names for controls, alt texts, tap sizes and
 * text contrast.
 */
public final class PhoneBrowser implements AutoCloseable {

    public static final Path CHROMIUM = Paths.get("/usr/bin/chromium");
    static final String PHONE_AGENT = "Mozilla/5.0 (Linux; Android 13; Pixel 7) AppleWebKit/537.36 (KHTML, like Gecko) "
            + "Chrome/124.0.0.0 Mobile Safari/537.36";
    private static final Path SHOTS = Paths.get("target", "screenshots");

    private final Playwright playwright;
    private final Browser browser;

    private PhoneBrowser(Playwright playwright, Browser browser) {
        this.playwright = playwright;
        this.browser = browser;
    }

    public static PhoneBrowser launch() {
        // CI installs Debian's Chromium (.ci/run) and must run these; elsewhere they wait for `apt-get install chromium`.
        Assumptions.assumeTrue(Files.isExecutable(CHROMIUM) || System.getenv("CI") != null,
                "browser tests need " + CHROMIUM + " (apt-get install chromium)");
        // Pages wait on the server and on the database: give assertions the same patience as actions.
        PlaywrightAssertions.setDefaultAssertionTimeout(15_000);
        Playwright playwright = Playwright.create(new Playwright.CreateOptions()
                .setEnv(Map.of("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1")));
        Browser browser = playwright.chromium().launch(new BrowserType.LaunchOptions()
                .setExecutablePath(CHROMIUM)
                .setHeadless(true)
                .setArgs(List.of("--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                        "--disable-sync", "--no-first-run", "--disable-quic")));
        return new PhoneBrowser(playwright, browser);
    }

    /** A phone at the given WGS-84 position (what a browser's geolocation reports). */
    public BrowserContext phone(URL base, double latitude, double longitude, boolean serviceWorkers) {
        BrowserContext context = browser.newContext(new Browser.NewContextOptions()
                .setBaseURL(base.toString().replaceAll("/$", ""))
                .setViewportSize(390, 844)
                .setDeviceScaleFactor(2)
                .setIsMobile(true)
                .setHasTouch(true)
                .setUserAgent(PHONE_AGENT)
                .setLocale("zh-CN")
                .setTimezoneId("Asia/Shanghai")
                .setGeolocation(new Geolocation(latitude, longitude).setAccuracy(15))
                .setPermissions(List.of("geolocation"))
                .setServiceWorkers(serviceWorkers ? ServiceWorkerPolicy.ALLOW : ServiceWorkerPolicy.BLOCK));
        context.setDefaultTimeout(15_000);
        return context;
    }

    public static void screenshot(Page page, String name) {
        try {
            Files.createDirectories(SHOTS);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        // From the top: a full-page capture of a scrolled page draws the sticky top bar mid-page.
        page.evaluate("window.scrollTo(0, 0)");
        page.screenshot(new Page.ScreenshotOptions().setPath(SHOTS.resolve(name + ".png")).setFullPage(true));
    }

    /**
     * Every button, input, select, textarea and link has an accessible name (aria-label,
     * aria-labelledby, a label, its text or title), every image has alt, and every visible control
     * is at least 44×44 CSS pixels (a checkbox counts with its label).
     */
    public static void assertAccessible(Page page) {
        @SuppressWarnings("unchecked")
        Map<String, List<String>> found = (Map<String, List<String>>) page.evaluate("""
                () => {
                  const named = (el) => {
                    const aria = (el.getAttribute('aria-label') || '').trim();
                    if (aria) return true;
                    const by = el.getAttribute('aria-labelledby');
                    if (by && by.split(/\\s+/).some((id) => (document.getElementById(id)?.textContent || '').trim())) return true;
                    if (el.labels && [...el.labels].some((l) => l.textContent.trim())) return true;
                    if (!['INPUT', 'SELECT', 'TEXTAREA'].includes(el.tagName) && el.textContent.trim()) return true;
                    return !!(el.title || '').trim();
                  };
                  const visible = (el) => {
                    const r = el.getBoundingClientRect();
                    return r.width > 1 && r.height > 1 && getComputedStyle(el).visibility !== 'hidden';
                  };
                  const controls = [...document.querySelectorAll('button, input, select, textarea, a')]
                    .filter((el) => el.type !== 'hidden');
                  const unnamed = controls.filter((el) => !named(el)).map((el) => el.outerHTML.slice(0, 140));
                  const noAlt = [...document.querySelectorAll('img')].filter((i) => !i.hasAttribute('alt')).map((i) => i.outerHTML.slice(0, 140));
                  const small = controls.filter(visible).map((el) => {
                    const target = ['checkbox', 'radio'].includes(el.type) ? (el.closest('label') || el) : el;
                    const r = target.getBoundingClientRect();
                    return { html: el.outerHTML.slice(0, 100), w: Math.round(r.width), h: Math.round(r.height) };
                  }).filter((c) => c.w < 44 || c.h < 44).map((c) => `${c.w}x${c.h} ${c.html}`);
                  return { unnamed, noAlt, small };
                }""");
        assertEquals(List.of(), found.get("unnamed"), "controls without an accessible name");
        assertEquals(List.of(), found.get("noAlt"), "images without alt");
        assertEquals(List.of(), found.get("small"), "tap targets under 44×44 px");
    }

    /**
     * WCAG contrast of every visible piece of text against the background it stands on (the
     * backgrounds of its ancestors blended top-down): at least 4.5:1, or 3:1 for large text.
     * Disabled controls are exempt, as WCAG says. Answers how many texts were checked.
     */
    public static int assertContrast(Page page) {
        @SuppressWarnings("unchecked")
        Map<String, Object> result = (Map<String, Object>) page.evaluate("""
                () => {
                  const parse = (c) => {
                    const m = c.match(/rgba?\\(([^)]+)\\)/);
                    if (!m) return [0, 0, 0, 0];
                    const p = m[1].split(/[ ,\\/]+/).filter(Boolean).map(Number);
                    return [p[0], p[1], p[2], p.length > 3 ? p[3] : 1];
                  };
                  const lum = ([r, g, b]) => {
                    const ch = (v) => { v /= 255; return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4; };
                    return 0.2126 * ch(r) + 0.7152 * ch(g) + 0.0722 * ch(b);
                  };
                  const backdrop = (el) => {
                    const chain = [];
                    for (let e = el; e; e = e.parentElement) chain.unshift(e);
                    let c = [255, 255, 255];
                    for (const e of chain) {
                      const [r, g, b, a] = parse(getComputedStyle(e).backgroundColor);
                      if (a > 0) c = [r * a + c[0] * (1 - a), g * a + c[1] * (1 - a), b * a + c[2] * (1 - a)];
                    }
                    return c;
                  };
                  const failures = [];
                  let checked = 0;
                  for (const el of document.querySelectorAll('body *')) {
                    const own = [...el.childNodes].some((n) => n.nodeType === 3 && n.textContent.trim());
                    if (!own || el.closest('[disabled], svg, noscript, script, style')) continue;
                    const r = el.getBoundingClientRect();
                    const style = getComputedStyle(el);
                    if (r.width < 1 || r.height < 1 || style.visibility === 'hidden') continue;
                    const [fr, fg, fb, fa] = parse(style.color);
                    const bg = backdrop(el);
                    const fg3 = [fr * fa + bg[0] * (1 - fa), fg * fa + bg[1] * (1 - fa), fb * fa + bg[2] * (1 - fa)];
                    const [hi, lo] = [lum(fg3), lum(bg)].sort((x, y) => y - x);
                    const ratio = (hi + 0.05) / (lo + 0.05);
                    const size = parseFloat(style.fontSize);
                    const large = size >= 24 || (size >= 18.66 && Number(style.fontWeight) >= 700);
                    checked++;
                    if (ratio < (large ? 3 : 4.5)) failures.push(`${ratio.toFixed(2)} ${style.color} on rgb(${bg.map(Math.round)}) "${el.textContent.trim().slice(0, 30)}"`);
                  }
                  return { checked, failures };
                }""");
        assertEquals(List.of(), result.get("failures"), "text below the WCAG AA contrast ratio");
        int checked = ((Number) result.get("checked")).intValue();
        assertTrue(checked > 0, "no text found to check");
        return checked;
    }

    /** A small PNG "photo" (a drawn scene), as a phone would upload. */
    public static Path photo(String name) {
        BufferedImage image = new BufferedImage(320, 240, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setColor(new Color(120, 170, 210));
        g.fillRect(0, 0, 320, 120);
        g.setColor(new Color(90, 140, 80));
        g.fillRect(0, 120, 320, 120);
        g.setColor(new Color(150, 110, 70));
        g.fillRect(110, 90, 100, 80);
        g.dispose();
        try {
            Files.createDirectories(SHOTS);
            Path file = Files.createTempFile(name, ".png");
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            ImageIO.write(image, "png", out);
            Files.write(file, out.toByteArray());
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        browser.close();
        playwright.close();
    }
}
