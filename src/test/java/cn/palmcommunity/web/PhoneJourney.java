package cn.palmcommunity.web;

import com.microsoft.playwright.Page;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** A journey test class: one phone browser for its tests, launched before the first and closed after the last. */
abstract class PhoneJourney {

    static PhoneBrowser browser;

    @BeforeAll
    static void launch() {
        browser = PhoneBrowser.launch();
    }

    @AfterAll
    static void shutDown() {
        if (browser != null) {
            browser.close();
            browser = null;
        }
    }

    /** A control or heading by its exact accessible name. */
    static Page.GetByRoleOptions named(String name) {
        return new Page.GetByRoleOptions().setName(name).setExact(true);
    }
}
