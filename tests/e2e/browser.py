"""Debian's headless chromium for the tests of pages (the inspector, the HTML reports): selenium
and chromium-driver come from scripts/install-deps."""
import os
import shutil

from helpers import TempDirTestCase


def chromium_driver():
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service
    options = webdriver.ChromeOptions()
    options.binary_location = shutil.which("chromium")
    for argument in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                     "--window-size=1400,900", "--force-color-profile=srgb"):
        options.add_argument(argument)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    return webdriver.Chrome(service=Service(shutil.which("chromedriver")), options=options)


def artifacts_dir():
    directory = os.path.join(os.environ.get("AUTOSANA_BUILD_DIR", "."), "artifacts")
    os.makedirs(directory, exist_ok=True)
    return directory


class BrowserTestCase(TempDirTestCase):
    """One headless chromium for the tests of a class, as self.driver."""
    @classmethod
    def setUpClass(cls):
        cls.driver = chromium_driver()

    @classmethod
    def tearDownClass(cls):
        cls.driver.quit()
