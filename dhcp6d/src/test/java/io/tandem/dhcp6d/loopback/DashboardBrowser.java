package io.tandem.dhcp6d.loopback;

import java.io.File;
import java.util.Map;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogType;

/** Debian's Chromium, headless, through Debian's chromedriver, named so that Selenium fetches nothing. */
public final class DashboardBrowser {
    static {
        // Selenium Manager stays out of it even where a driver is not named (SE_OFFLINE, from the pom, too).
        System.setProperty("webdriver.chrome.driver", "/usr/bin/chromedriver");
    }

    private DashboardBrowser() {
    }

    public static ChromeDriver open() {
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(new File("/usr/bin/chromedriver")).usingAnyFreePort().build();
        ChromeOptions options = new ChromeOptions().setBinary("/usr/bin/chromium")
                // Root in a container has no user namespaces for Chromium's sandbox.
                .addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--window-size=1400,900");
        // The page's console (CSP reports, stream errors) for the failure messages.
        options.setCapability("goog:loggingPrefs", Map.of(LogType.BROWSER, "ALL"));
        return new ChromeDriver(service, options);
    }
}
