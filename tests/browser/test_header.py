"""The site frame for older learners on cheap phones: a compact header whose menu and search box
unfold (by touch, by keyboard, without JavaScript), three text sizes that follow the learner
across the network, readable contrast and big enough targets; on a wide screen the whole menu, a
reading measure of about 70 characters and a capped video player."""

import re
from pathlib import Path

import pytest

# one demo server and one Chromium for every browser test, on one pytest-xdist worker
pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("demo-server")]

SCREENSHOTS = Path(__file__).resolve().parents[2] / "var" / "screenshots"
ROOT_FONT = "parseFloat(getComputedStyle(document.documentElement).fontSize)"
FOCUSED = "document.activeElement.getAttribute('data-testid') || document.activeElement.textContent.trim()"

# WCAG contrast of every visible element with text of its own, against the first opaque
# background behind it: [ratio, what, text]
CONTRASTS = """(selector) => {
  const parse = (s) => { const v = s.match(/[\\d.]+/g).map(Number); return v.length > 3 ? v : v.concat(1); };
  const lin = (v) => { v /= 255; return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4); };
  const lum = (c) => 0.2126 * lin(c[0]) + 0.7152 * lin(c[1]) + 0.0722 * lin(c[2]);
  const behind = (el) => {
    for (; el; el = el.parentElement) {
      const c = parse(getComputedStyle(el).backgroundColor);
      if (c[3] > 0) { return c; }
    }
    return [255, 255, 255, 1];
  };
  const out = [];
  for (const el of document.querySelectorAll(selector)) {
    const own = [...el.childNodes].some((n) => n.nodeType === 3 && n.textContent.trim());
    if (!own || !el.getClientRects().length) { continue; }
    const bg = behind(el);
    const fg = parse(getComputedStyle(el).color);
    const mixed = [0, 1, 2].map((i) => fg[i] * fg[3] + bg[i] * (1 - fg[3]));
    const [hi, lo] = [lum(mixed), lum(bg)].sort((a, b) => b - a);
    out.push([(hi + 0.05) / (lo + 0.05), el.tagName + "." + el.className, el.textContent.trim().slice(0, 40)]);
  }
  return out;
}"""


def centre_url(demo_server, slug: str) -> str:
    return f"http://{slug}.localhost:{demo_server.port}"


def pressed(page) -> dict[str, str]:
    return page.eval_on_selector_all(
        "[data-text-size]",
        "buttons => Object.fromEntries(buttons.map(b => [b.dataset.textSize, b.getAttribute('aria-pressed')]))",
    )


def header_bottom(page) -> float:
    return page.evaluate("document.querySelector('.site-header').getBoundingClientRect().bottom")


@pytest.mark.parametrize("slug", ["", "lam-ha"])
def test_phone_header_stays_compact_at_the_largest_text_size(demo_server, phone_390, slug):
    url = (centre_url(demo_server, slug) if slug else demo_server.url) + "/"
    phone_390.goto(url)
    phone_390.locator("[data-text-size='1.5']").tap()
    assert phone_390.evaluate(ROOT_FONT) == 27

    bar = phone_390.locator(".site-header__bar")
    for part in (".site-header__brand", "[data-testid=menu-toggle]", "[data-testid=search-toggle]"):
        assert bar.locator(part).is_visible()
    assert not phone_390.locator("#site-nav").is_visible()
    assert header_bottom(phone_390) <= 0.25 * 844
    for target in ("[data-testid=menu-toggle]", "[data-testid=search-toggle]", "[data-text-size]"):
        for i in range(phone_390.locator(target).count()):
            box = phone_390.locator(target).nth(i).bounding_box()
            assert box["width"] >= 44 and box["height"] >= 44, target
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    name = f"header-phone-largest-{slug or 'hub'}.png"
    phone_390.screenshot(path=str(SCREENSHOTS / name))

    # the unfolded menu grows with the text, below the bar
    phone_390.locator("[data-testid=menu-toggle]").tap()
    library = phone_390.locator("#site-nav a").nth(1)
    assert library.is_visible()
    assert library.evaluate("a => parseFloat(getComputedStyle(a).fontSize)") == 27

    # so does the search box, without pushing the page sideways
    phone_390.locator("[data-testid=search-toggle]").tap()
    submit = phone_390.locator("#header-search button[type=submit]").bounding_box()
    assert submit["x"] + submit["width"] <= 390
    assert phone_390.evaluate("document.documentElement.scrollWidth") <= 390


def test_menu_opens_and_closes_from_the_keyboard(demo_server, phone):
    centre = centre_url(demo_server, "lam-ha")
    phone.goto(centre + "/")
    menu = phone.locator("[data-testid=menu-toggle]")
    assert menu.evaluate("el => el.tagName") == "BUTTON"
    assert menu.inner_text().strip() == "Danh mục"
    assert menu.get_attribute("aria-controls") == "site-nav"
    assert menu.get_attribute("aria-expanded") == "false"
    library = phone.locator("#site-nav a", has_text="Thư viện số")
    assert not library.is_visible()

    # focus order: brand, search, menu, then the menu's links
    phone.locator(".site-header__brand").focus()
    phone.keyboard.press("Tab")
    assert phone.evaluate(FOCUSED) == "search-toggle"
    phone.keyboard.press("Tab")
    assert phone.evaluate(FOCUSED) == "menu-toggle"
    phone.keyboard.press("Enter")
    assert menu.get_attribute("aria-expanded") == "true"
    assert library.is_visible()
    phone.keyboard.press("Tab")
    assert phone.evaluate(FOCUSED) == "Trang chủ"

    phone.keyboard.press("Escape")
    assert menu.get_attribute("aria-expanded") == "false"
    assert not library.is_visible()
    assert phone.evaluate(FOCUSED) == "menu-toggle"

    phone.keyboard.press("Space")
    assert menu.get_attribute("aria-expanded") == "true"
    href = library.get_attribute("href")
    library.click()
    phone.wait_for_url(re.compile(re.escape(href) + "$"))
    assert phone.locator("h1").inner_text() == "Thư viện số"


def test_search_box_is_one_tap_away(demo_server, phone):
    centre = centre_url(demo_server, "lam-ha")
    phone.goto(centre + "/")
    search = phone.locator("[data-testid=search-toggle]")
    field = phone.locator("#header-q")
    assert not field.is_visible()
    search.tap()
    assert search.get_attribute("aria-expanded") == "true"
    assert field.is_visible()
    assert phone.evaluate("document.activeElement.id") == "header-q"
    submit = phone.locator("#header-search button[type=submit]").bounding_box()
    assert submit["x"] + submit["width"] <= 360 and submit["height"] >= 44
    assert phone.evaluate("document.documentElement.scrollWidth") <= 360

    # opening the menu folds the search box away: one panel at a time
    phone.locator("[data-testid=menu-toggle]").tap()
    assert search.get_attribute("aria-expanded") == "false"
    assert not field.is_visible()

    search.tap()
    phone.keyboard.type("tương bần")
    phone.keyboard.press("Enter")
    phone.wait_for_url(re.compile(rf"^{re.escape(centre)}/tim-kiem/\?q="))
    assert phone.locator("h1").inner_text() == "Tìm kiếm"
    assert phone.locator("#q").input_value() == "tương bần"


def test_menu_and_search_work_without_javascript(demo_server, browser):
    context = browser.new_context(
        viewport={"width": 360, "height": 740},
        is_mobile=True,
        has_touch=True,
        java_script_enabled=False,
    )
    page = context.new_page()
    centre = centre_url(demo_server, "lam-ha")
    page.goto(centre + "/")
    library = page.locator("#site-nav a", has_text="Thư viện số")
    assert library.is_visible()
    assert not page.locator("[data-testid=menu-toggle]").is_visible()
    assert not page.locator(".text-size").is_visible()  # its buttons need site.js

    search = page.locator("[data-testid=search-toggle]")
    assert search.get_attribute("href") == "/tim-kiem/"
    search.tap()
    page.wait_for_url(centre + "/tim-kiem/")
    assert page.locator("#q").is_visible()

    library = page.locator("#site-nav a", has_text="Thư viện số")
    href = library.get_attribute("href")
    library.tap()
    page.wait_for_url(re.compile(re.escape(href) + "$"))
    assert page.locator("h1").inner_text() == "Thư viện số"
    context.close()


def test_menu_link_unfolds_the_menu_before_site_js_arrives(demo_server, phone):
    phone.route(re.compile(r"/static/hub/js/site\.js"), lambda route: route.abort())
    phone.goto(centre_url(demo_server, "lam-ha") + "/")
    library = phone.locator("#site-nav a", has_text="Thư viện số")
    assert not library.is_visible()  # folded from the first paint (html.js)
    phone.locator("[data-testid=menu-toggle]").tap()
    assert library.is_visible()  # through #site-nav:target


def test_text_size_follows_the_learner_across_the_network(demo_server, phone):
    lam_ha = centre_url(demo_server, "lam-ha")
    phu_van = centre_url(demo_server, "phu-van")
    phone.goto(lam_ha + "/")
    assert phone.evaluate(ROOT_FONT) == 18
    assert pressed(phone) == {"1": "true", "1.25": "false", "1.5": "false"}
    phone.locator("[data-text-size='1.5']").click()
    assert phone.evaluate(ROOT_FONT) == 27
    assert pressed(phone) == {"1": "false", "1.25": "false", "1.5": "true"}

    # to the hub by the network bar's link: the step travels in the address, which is cleaned
    phone.locator("[data-testid=link-to-hub]").click()
    phone.wait_for_url(demo_server.url + "/")
    assert phone.evaluate(ROOT_FONT) == 27
    assert pressed(phone) == {"1": "false", "1.25": "false", "1.5": "true"}
    phone.reload()  # and the hub remembers it
    assert phone.evaluate(ROOT_FONT) == 27

    # to another centre by the hub's list (a plain link to a host of the network)
    phone.locator("[data-testid=centre-links] a", has_text="TTHTCĐ xã Phù Vân").click()
    phone.wait_for_url(phu_van + "/")
    assert phone.evaluate(ROOT_FONT) == 27
    assert pressed(phone) == {"1": "false", "1.25": "false", "1.5": "true"}

    # the latest choice wins over what Lam Hạ remembered
    phone.locator("[data-text-size='1.25']").click()
    phone.locator(".footer-centres a", has_text="TTHTCĐ phường Lam Hạ").click()
    phone.wait_for_url(lam_ha + "/")
    assert phone.evaluate(ROOT_FONT) == 22.5
    assert pressed(phone) == {"1": "false", "1.25": "true", "1.5": "false"}


@pytest.mark.parametrize("slug", ["", "lam-ha", "phu-van"])
def test_frame_text_meets_wcag_aa_contrast(demo_server, phone, slug):
    phone.goto((centre_url(demo_server, slug) if slug else demo_server.url) + "/")
    footer = phone.evaluate(CONTRASTS, ".site-footer *")
    assert len(footer) > 5
    low = [c for c in footer if c[0] < 4.5]
    assert low == []
    phone.locator("[data-testid=menu-toggle]").tap()
    header = phone.evaluate(CONTRASTS, ".network-bar *, .site-header *")
    assert [c for c in header if c[0] < 4.5] == []


def test_quiz_answers_and_buttons_are_big_enough_to_tap(demo_server, phone):
    centre = centre_url(demo_server, "lam-ha")
    phone.goto(centre + "/bai-giang/")
    phone.locator("[data-testid=lessons] .card__title a").first.click()
    phone.wait_for_url(re.compile(rf"^{re.escape(centre)}/bai-giang/[^/]+/$"))
    radios = phone.locator(".quiz input[type=radio]")
    assert radios.count() >= 2
    for i in range(radios.count()):
        box = radios.nth(i).bounding_box()
        assert box["width"] >= 24 and box["height"] >= 24
    check = phone.locator("[data-quiz-check]").first.bounding_box()
    assert check["height"] >= 44


def test_wide_screen_shows_the_whole_menu_and_keeps_lines_readable(demo_server, browser):
    context = browser.new_context(viewport={"width": 1440, "height": 900})
    page = context.new_page()
    centre = centre_url(demo_server, "lam-ha")
    page.goto(centre + "/bai-giang/")
    page.locator("[data-testid=lessons] .card__title a").first.click()
    page.wait_for_url(re.compile(rf"^{re.escape(centre)}/bai-giang/[^/]+/$"))

    assert not page.locator("[data-testid=menu-toggle]").is_visible()
    assert not page.locator("[data-testid=search-toggle]").is_visible()
    assert page.locator("#header-q").is_visible()
    links = page.locator("#site-nav a")
    assert links.count() >= 4
    assert all(links.nth(i).is_visible() for i in range(links.count()))

    # paragraphs: at most 70ch wide (so some are cut to it), in a main column that is wider
    widths = page.evaluate("""() => [...document.querySelectorAll("main p")].map((p) => {
        const probe = document.createElement("span");
        probe.style.cssText = "display:inline-block;width:70ch";
        p.appendChild(probe);
        const measure = probe.getBoundingClientRect().width;
        probe.remove();
        return [p.getBoundingClientRect().width, measure];
    })""")
    assert widths
    assert all(width <= measure + 0.5 for width, measure in widths)
    assert any(width == pytest.approx(measure, abs=0.5) for width, measure in widths)
    main_width = page.evaluate("document.querySelector('main').clientWidth")
    assert main_width > max(measure for _width, measure in widths) + 200

    # the video player: at most 880 px wide; a portrait video no taller than 80% of the screen
    sizes = page.evaluate("""() => [[1920, 1080], [1080, 1920]].map(([w, h]) => {
        const figure = document.createElement("figure");
        figure.className = "video-player";
        const video = document.createElement("video");
        video.width = w;
        video.height = h;
        figure.appendChild(video);
        document.querySelector("main").appendChild(figure);
        const box = video.getBoundingClientRect();
        figure.remove();
        return [box.width, box.height];
    })""")
    (landscape_w, landscape_h), (portrait_w, portrait_h) = sizes
    assert landscape_w == 880 and landscape_h == pytest.approx(495, abs=1)
    assert portrait_h <= 0.8 * 900
    context.close()
