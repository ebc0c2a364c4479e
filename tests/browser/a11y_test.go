package browser

import (
	"strings"

	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"
)

// a11yScript lists the page's accessibility faults the tests look for: no title,
// no main landmark, form fields without a label.
const a11yScript = `(() => {
  const faults = [];
  const title = document.title.replace(/\s*·\s*Harriet\s*$/, "").trim();
  if (!title) faults.push("the page has no title of its own: " + JSON.stringify(document.title));
  if (!document.querySelector("main")) faults.push("no <main> landmark");
  if (!document.querySelector("header")) faults.push("no <header> landmark");
  for (const el of document.querySelectorAll("input, select, textarea")) {
    if (["hidden", "submit", "button", "reset"].includes(el.type)) continue;
    const named = [...(el.labels || [])].some(l => l.textContent.trim() !== "") ||
      (el.getAttribute("aria-label") || "").trim() !== "" || el.hasAttribute("aria-labelledby");
    if (!named) faults.push("a field without a label: " + el.outerHTML.slice(0, 140));
  }
  return faults;
})()`

// focusScript says why the focused element shows no focus, or "".
const focusScript = `(() => {
  const el = document.activeElement;
  if (!el || el === document.body) return "nothing has keyboard focus";
  const cs = getComputedStyle(el);
  const outline = cs.outlineStyle !== "none" && parseFloat(cs.outlineWidth) >= 2;
  const shadow = cs.boxShadow && cs.boxShadow !== "none";
  return outline || shadow ? "" : el.tagName + " " + el.className + " shows no focus (outline " +
    cs.outlineStyle + " " + cs.outlineWidth + ", box-shadow " + cs.boxShadow + ")";
})()`

// checkA11y checks the page's title, landmarks and labels, and that keyboard focus
// is visible: on the first element Tab reaches, and on the first text field.
func (p *page) checkA11y(name string) {
	p.t.Helper()
	if faults := eval[[]string](p, a11yScript); len(faults) > 0 {
		p.t.Fatalf("page %s: %s", name, strings.Join(faults, "; "))
	}
	p.do(chromedp.Evaluate[chromedp.Void](`document.activeElement && document.activeElement.blur(); window.focus()`),
		chromedp.KeyEvent(kb.Tab))
	if why := eval[string](p, focusScript); why != "" {
		p.t.Fatalf("page %s, after Tab: %s", name, why)
	}
	hasField := eval[bool](p, `(() => { const f = document.querySelector("main input[type=text]:not([readonly]), main input[type=email], main input[type=search]"); if (f) f.focus(); return !!f; })()`)
	if hasField {
		if why := eval[string](p, focusScript); why != "" {
			p.t.Fatalf("page %s, a focused field: %s", name, why)
		}
	}
	p.do(chromedp.Evaluate[chromedp.Void](`document.activeElement && document.activeElement.blur(); window.scrollTo(0, 0)`))
}
