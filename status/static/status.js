// errcat translation status: applies the search and filters without
// reloading the page. The page works without this script, since the server
// filters on the same query (?q=&locale=&state=); the script only fetches
// that page and swaps in its results, so both ways show the same thing.
(() => {
	"use strict";
	const form = document.getElementById("filters");
	if (!form || !window.fetch || !window.DOMParser || !window.URLSearchParams) {
		return;
	}
	// The parts of the page a filter changes. #count keeps its element, a
	// live region, so that screen readers announce the new count.
	const parts = ["count", "listing", "f-actions"];
	let inflight = null;
	let typing = 0;

	function target() {
		const url = new URL(form.getAttribute("action") || "./", location.href);
		const params = new URLSearchParams();
		for (const [key, value] of new FormData(form)) {
			const v = String(value).trim();
			if (v !== "") {
				params.set(key, v);
			}
		}
		url.search = params.toString();
		url.hash = "";
		return url;
	}

	async function show(url, how) {
		if (inflight) {
			inflight.abort();
		}
		const ctl = new AbortController();
		inflight = ctl;
		const listing = document.getElementById("listing");
		listing.setAttribute("aria-busy", "true");
		try {
			const resp = await fetch(url, { signal: ctl.signal, headers: { Accept: "text/html" } });
			if (!resp.ok) {
				throw new Error("status " + resp.status);
			}
			const doc = new DOMParser().parseFromString(await resp.text(), "text/html");
			for (const id of parts) {
				const mine = document.getElementById(id);
				const theirs = doc.getElementById(id);
				if (mine && theirs) {
					// A static copy first: adopting a node takes it out
					// of the live childNodes list.
					const nodes = Array.from(theirs.childNodes);
					mine.replaceChildren(...nodes.map((n) => document.adoptNode(n)));
				}
			}
			document.title = doc.title;
			const locale = url.searchParams.get("locale") || "";
			for (const row of document.querySelectorAll("#locales tbody tr")) {
				row.classList.toggle("current", row.dataset.locale === locale);
			}
			if (how === "push") {
				history.pushState(null, "", url);
			} else if (how === "replace") {
				history.replaceState(null, "", url);
			}
		} catch (err) {
			if (err.name !== "AbortError") {
				// Let the browser load the page itself.
				location.assign(url);
			}
		} finally {
			if (inflight === ctl) {
				inflight = null;
				listing.removeAttribute("aria-busy");
			}
		}
	}

	form.addEventListener("submit", (ev) => {
		ev.preventDefault();
		clearTimeout(typing);
		show(target(), "push");
	});
	for (const select of form.querySelectorAll("select")) {
		select.addEventListener("change", () => show(target(), "push"));
	}
	const q = form.querySelector("input[name=q]");
	if (q) {
		q.addEventListener("input", () => {
			clearTimeout(typing);
			typing = setTimeout(() => show(target(), "replace"), 300);
		});
	}
	window.addEventListener("popstate", () => {
		const params = new URLSearchParams(location.search);
		for (const el of form.elements) {
			if (el.name) {
				el.value = params.get(el.name) || "";
			}
		}
		show(new URL(location.href), "none");
	});
})();
