"""A person answering a survey email in a real browser (Debian's chromium, driven through chromium-driver by
Selenium): opens the email `smiley preview` rendered, clicks one smiley, focuses the comment box on the thank-you
page (which lets the page confirm the rating), types a comment and sends the form.

Prints one JSON object on standard output: the pages' URLs, titles and texts, the HTTP status of every request to
the rating links (from Chrome's performance log), and the browser console. Exits 1 with the reason on standard error
(after printing what it saw) when a step fails.

Usage: click_and_comment.py --email survey-browser.html --rating neutral --comment TEXT --profile DIR
       [--chromium /usr/bin/chromium] [--chromedriver /usr/bin/chromedriver] [--timeout 20]

The script starts its own session (os.setsid), so the test that runs it can end it, chromedriver and every browser
process at once through the process group should anything hang.
"""

import argparse
import json
import os
import sys
import time
import traceback

from selenium import webdriver
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions
from selenium.webdriver.support.ui import WebDriverWait

# A person's browser is not headless: the browser runs headless here (no display on CI), but presents the user
# agent of an ordinary desktop Chrome, without "HeadlessChrome", which smiley serve (rightly) treats as a URL
# sandbox and never stores a click from.
DESKTOP_USER_AGENT = (
    "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/156.0.0.0 Safari/537.36"
)


def parse_arguments():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--email", required=True, help="the survey-browser.html smiley preview wrote")
    parser.add_argument("--rating", required=True, help="the rating code of the smiley to click")
    parser.add_argument("--comment", required=True, help="the text to type into the comment box")
    parser.add_argument("--profile", required=True, help="an empty folder for the browser's profile")
    parser.add_argument("--chromium", default="/usr/bin/chromium")
    parser.add_argument("--chromedriver", default="/usr/bin/chromedriver")
    parser.add_argument("--timeout", type=float, default=20, help="seconds to wait for each page")
    return parser.parse_args()


def start_browser(arguments):
    options = webdriver.ChromeOptions()
    options.binary_location = arguments.chromium
    for flag in (
        "--headless=new",
        "--no-sandbox",  # the tests run as root, where Chromium's sandbox refuses to start
        "--disable-dev-shm-usage",
        "--disable-gpu",
        "--no-first-run",
        "--no-default-browser-check",
        "--disable-background-networking",
        "--disable-component-update",
        "--window-size=1280,900",
        "--user-data-dir=" + arguments.profile,
        "--user-agent=" + DESKTOP_USER_AGENT,
    ):
        options.add_argument(flag)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL", "performance": "ALL"})
    # A driver path is given, so Selenium Manager has nothing to look up or download.
    service = Service(executable_path=arguments.chromedriver, log_output=os.path.join(arguments.profile, "driver.log"))
    return webdriver.Chrome(service=service, options=options)


class Observer:
    """Collects the HTTP exchanges and console lines the browser reports."""

    def __init__(self, driver):
        self.driver = driver
        self.requests = {}  # request id -> {"method", "url", "status"}
        self.console = []

    def poll(self):
        for entry in self.driver.get_log("performance"):
            message = json.loads(entry["message"]).get("message", {})
            method, params = message.get("method"), message.get("params", {})
            if method == "Network.requestWillBeSent":
                request = params.get("request", {})
                self.requests.setdefault(params["requestId"], {}).update(
                    {"method": request.get("method"), "url": request.get("url")}
                )
            elif method == "Network.responseReceived":
                response = params.get("response", {})
                exchange = self.requests.setdefault(params["requestId"], {})
                exchange.setdefault("url", response.get("url"))
                exchange["status"] = response.get("status")
            elif method == "Network.loadingFailed":
                exchange = self.requests.setdefault(params["requestId"], {})
                exchange["failed"] = params.get("errorText") or "failed"
                if params.get("blockedReason"):
                    exchange["blocked"] = params["blockedReason"]
        self.console += [
            {"level": line.get("level"), "message": line.get("message")} for line in self.driver.get_log("browser")
        ]

    def exchanges(self, part):
        """The exchanges whose URL contains `part`, in the order the browser started them."""
        return [exchange for exchange in self.requests.values() if part in (exchange.get("url") or "")]

    def wait_for(self, description, predicate, timeout):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            self.poll()
            if predicate():
                return
            time.sleep(0.1)
        raise RuntimeError("waited %.0f s for %s" % (timeout, description))


def page_summary(driver):
    return {
        "url": driver.current_url,
        "title": driver.title,
        "text": driver.find_element(By.TAG_NAME, "body").text,
    }


def answer(driver, observer, arguments, report):
    wait = WebDriverWait(driver, arguments.timeout)
    driver.get("file://" + os.path.abspath(arguments.email))
    report["userAgent"] = driver.execute_script("return navigator.userAgent")
    links = [
        link
        for link in driver.find_elements(By.CSS_SELECTOR, "a[href*='/r/']")
        if link.get_attribute("href").endswith("/" + arguments.rating)
    ]
    if not links:
        raise RuntimeError("the email has no link to /r/TOKEN/%s" % arguments.rating)
    report["clickedLink"] = links[0].get_attribute("href")
    driver.execute_script("arguments[0].scrollIntoView({block: 'center'})", links[0])
    links[0].click()

    # The thank-you page: the chosen rating, the comment form.
    wait.until(expected_conditions.url_to_be(report["clickedLink"]))
    textarea = wait.until(expected_conditions.element_to_be_clickable((By.CSS_SELECTOR, "textarea[name=comment]")))
    report["ratedPage"] = page_summary(driver)
    report["formRating"] = driver.find_element(By.CSS_SELECTOR, "form#comment-form input[name=rating]").get_attribute(
        "value"
    )

    # Clicking into the comment box is the interaction the page's script waits for: it posts "confirm".
    textarea.click()
    textarea.send_keys(arguments.comment)
    observer.wait_for(
        "the page's POST to /confirm to be answered (the page's script did not send it, or it was blocked)",
        lambda: any(e.get("status") or e.get("failed") for e in observer.exchanges("/confirm")),
        arguments.timeout,
    )

    driver.find_element(By.CSS_SELECTOR, "form#comment-form button[type=submit]").click()
    wait.until(expected_conditions.url_contains("/comment"))
    wait.until(lambda d: d.execute_script("return document.readyState") == "complete")
    report["commentPage"] = page_summary(driver)


def main():
    if os.getpgrp() != os.getpid():
        os.setsid()
    arguments = parse_arguments()
    report = {}
    driver = None
    failure = None
    try:
        driver = start_browser(arguments)
        report["browserVersion"] = driver.capabilities.get("browserVersion")
        observer = Observer(driver)
        try:
            answer(driver, observer, arguments, report)
        finally:
            try:
                observer.poll()
            except Exception:  # the browser may be gone; keep the failure that got us here
                pass
            report["exchanges"] = observer.exchanges("/r/")
            report["console"] = observer.console
    except Exception as error:
        failure = "%s: %s" % (type(error).__name__, error)
        traceback.print_exc(file=sys.stderr)
    finally:
        if driver is not None:
            driver.quit()
    json.dump(report, sys.stdout, indent=2, sort_keys=True)
    sys.stdout.write("\n")
    if failure:
        sys.stderr.write("click_and_comment.py: %s\n" % failure)
        sys.exit(1)


if __name__ == "__main__":
    main()
