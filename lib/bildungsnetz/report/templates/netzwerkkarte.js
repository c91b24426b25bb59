/* bildungsnetz – interaktive Netzwerkkarte.
 * Reads all data from <script type="application/json" id="bn-daten">. Survey text (names,
 * places, topics) reaches the page only through textContent / option.text / canvas text,
 * never through innerHTML, so an institution whose name is an HTML tag stays plain text.
 * vis-network draws the nodes and edges; the names are written by this script
 * (see "labels"), placed so that no two overlap. */
(function () {
  "use strict";

  var D = JSON.parse(document.getElementById("bn-daten").textContent);
  var K = D.knoten;
  var NETZE = D.netze;
  var N = K.length;
  var GRAU = { background: "#e3e3e3", border: "#c4c4c4",
               highlight: { background: "#e3e3e3", border: "#888888" },
               hover: { background: "#e3e3e3", border: "#888888" } };
  var index = Object.create(null);
  var i;
  for (i = 0; i < N; i++) { index[K[i].id] = i; }
  // Level of detail (report/netmap/detail.py): a large wave starts with only some nodes drawn
  // (D.detail.gezeichnet); every node stays in the data, and choosing one that is not drawn
  // (search, lists in the details) adds it with its networks and memberships ("zeichne").
  var gezeichnet = new Uint8Array(N);
  if (D.detail) {
    D.detail.gezeichnet.forEach(function (x) { gezeichnet[x] = 1; });
  } else {
    gezeichnet.fill(1);
  }

  var zustand = {
    layout: D.start.layout, farbe: D.start.farbe, groesse: D.start.groesse,
    netzwerkeZeigen: true, kantenZeigen: true, ausgrauen: false, fokus: null,
    filter: { thema: "", landkreis: "", kategorie: "", netzwerk: "" }
  };

  function $(id) { return document.getElementById(id); }
  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) { e.className = cls; }
    if (text !== undefined && text !== null) { e.textContent = String(text); }
    return e;
  }
  function name(iKnoten) { return K[iKnoten].name; }
  // counts as German readers write them (29.013); below 1.000 unchanged
  var ZAHL = new Intl.NumberFormat("de-DE", { maximumFractionDigits: 0 });
  function zahl(n) { return ZAHL.format(n); }

  // ---------------------------------------------------------------- the network
  var container = $("bn-netz");
  var nodes = new vis.DataSet(D.vis.nodes);
  var edges = new vis.DataSet(D.vis.edges);
  var network = new vis.Network(container, { nodes: nodes, edges: edges }, D.vis.options);
  var api = window.netzwerkkarte = {
    network: network, nodes: nodes, edges: edges, daten: D, bereit: false, bereitNach: null,
    gezeichnet: gezeichnet
  };
  function fertig() {
    if (api.bereit) { return; }
    api.bereit = true;
    api.bereitNach = performance.now();
    document.documentElement.setAttribute("data-karte-bereit", "ja");
  }
  network.once("afterDrawing", fertig);
  network.once("stabilized", fertig);

  // ---------------------------------------------------------------- colours
  function farbObjekt(farbe, istNetz) {
    var rand = istNetz ? "#1a1a1a" : "#3a3a3a";
    return { background: farbe, border: rand,
             highlight: { background: farbe, border: "#000000" },
             hover: { background: farbe, border: "#000000" } };
  }

  // ---------------------------------------------------------------- filters
  function netzPasst() {
    var f = zustand.filter, ok = new Array(NETZE.length), j;
    for (j = 0; j < NETZE.length; j++) {
      ok[j] = (f.thema === "" || NETZE[j].themen.indexOf(f.thema) >= 0) &&
              (f.netzwerk === "" || NETZE[j].id === f.netzwerk);
    }
    return ok;
  }
  function akteurPasst(k) {
    var f = zustand.filter;
    return (f.landkreis === "" || k.lk === f.landkreis) &&
           (f.kategorie === "" || k.kat === f.kategorie);
  }
  function sichtbarkeit() {
    var f = zustand.filter;
    var akteurFilter = f.landkreis !== "" || f.kategorie !== "";
    var netzFilter = f.thema !== "" || f.netzwerk !== "";
    var nOk = netzPasst();
    var sicht = new Array(N), j, k, ok;
    for (var x = 0; x < N; x++) {
      k = K[x];
      if (k.t === "a") {
        ok = akteurPasst(k);
        if (ok && netzFilter) {
          ok = false;
          for (j = 0; j < k.netze.length; j++) { if (nOk[k.netze[j]]) { ok = true; break; } }
        }
      } else {
        ok = nOk[k.n];
        if (ok && akteurFilter) {
          ok = false;
          var m = NETZE[k.n].mitglieder;
          for (j = 0; j < m.length; j++) { if (akteurPasst(K[m[j]])) { ok = true; break; } }
        }
      }
      sicht[x] = ok;
    }
    return sicht;
  }
  api.sichtbarkeit = sichtbarkeit;

  function filterAktiv() {
    var f = zustand.filter;
    return f.thema !== "" || f.landkreis !== "" || f.kategorie !== "" || f.netzwerk !== "";
  }

  // ---------------------------------------------------------------- apply state to the nodes
  // ---------------------------------------------------------------- focus (selected node)
  // The selected node and its direct neighbours keep their colours and labels; everything else
  // is greyed and only the selected node's own links are drawn.
  var netzKnoten = Object.create(null);   // network index -> node index (two-mode only)
  for (i = 0; i < N; i++) { if (K[i].t === "n") { netzKnoten[K[i].n] = i; } }
  var kanteVon = D.vis.edges.map(function (e) { return index[e.from]; });
  var kanteZu = D.vis.edges.map(function (e) { return index[e.to]; });
  var kanteId = D.vis.edges.map(function (e) { return e.id; });
  function nachbarn(x) {
    var menge = Object.create(null), k = K[x];
    menge[x] = true;
    if (k.t === "a") {
      k.netze.forEach(function (j) {
        if (netzKnoten[j] !== undefined) { menge[netzKnoten[j]] = true; }
        if (D.modus === "akteure") { NETZE[j].mitglieder.forEach(function (m) { menge[m] = true; }); }
      });
    } else {
      NETZE[k.n].mitglieder.forEach(function (m) { menge[m] = true; });
    }
    return menge;
  }
  function kantenAktualisieren() {
    var x = zustand.fokus, upd = new Array(kanteVon.length);
    for (var e = 0; e < kanteVon.length; e++) {
      var zeigen = zustand.kantenZeigen &&
        (x === null || kanteVon[e] === x || kanteZu[e] === x);
      upd[e] = { id: kanteId[e], hidden: !zeigen };
    }
    edges.update(upd);
  }
  // add a node that is not drawn yet (level of detail): an actor with its networks and its
  // memberships, a network with its links to the drawn actors; styled by "aktualisieren"
  function neuerKnoten(x) {
    if (gezeichnet[x]) { return; }
    gezeichnet[x] = 1;
    var p = position(x);                // as drawn now (a phone turns the network layout)
    nodes.add({ id: K[x].id, x: p[0], y: p[1],
                size: D.groessen[zustand.groesse][x], shape: D.farben[zustand.farbe].formen[x],
                borderWidth: K[x].t === "n" ? 1.5 : 1, hidden: true });
  }
  function neueKante(a, b, rolle) {
    var neu = { id: "z" + a + "-" + b, from: K[a].id, to: K[b].id, hidden: true };
    var breite = D.detail && D.detail.rollenbreite[rolle];
    if (breite) { neu.width = breite; }
    edges.add(neu);
    kanteVon.push(a); kanteZu.push(b); kanteId.push(neu.id);
  }
  function zeichne(x) {
    if (gezeichnet[x]) { return false; }
    neuerKnoten(x);
    if (D.modus !== "zweimodal") { return true; }
    if (K[x].t === "a") {
      K[x].netze.forEach(function (j, r) {
        neuerKnoten(netzKnoten[j]);
        neueKante(x, netzKnoten[j], K[x].rollen[r]);
      });
    } else {
      NETZE[K[x].n].mitglieder.forEach(function (m) {
        if (gezeichnet[m]) { neueKante(m, x, K[m].rollen[K[m].netze.indexOf(K[x].n)]); }
      });
    }
    return true;
  }
  api.zeichne = zeichne;
  function setzeFokus(x) {
    zustand.fokus = (x === undefined) ? null : x;
    aktualisieren(false);
    kantenAktualisieren();
  }

  // A portrait screen (a phone) shows a wide network layout turned by 90 degrees, so that it
  // fills the screen; the positions have no direction, only neighbourhood matters. The
  // geographic layout is never turned.
  var gedreht = false;
  function ausrichtung() {
    var w = container.clientWidth, h = container.clientHeight, p = D.layouts.netz;
    var x0 = Infinity, x1 = -Infinity, y0 = Infinity, y1 = -Infinity;
    for (var j = 0; j < p.length; j++) {
      x0 = Math.min(x0, p[j][0]); x1 = Math.max(x1, p[j][0]);
      y0 = Math.min(y0, p[j][1]); y1 = Math.max(y1, p[j][1]);
    }
    gedreht = h > 1.2 * w && (x1 - x0) > 1.2 * (y1 - y0);
    api.gedreht = gedreht;
  }
  function position(x) {
    var p = D.layouts[zustand.layout][x];
    return (gedreht && zustand.layout === "netz") ? [-p[1], p[0]] : p;
  }
  var letzteSicht = null;
  // what each node shows now: 0 hidden, 1 greyed (filter or focus), 2 in its colours
  var knotenZustand = new Uint8Array(N);
  function aktualisieren(mitPosition) {
    var sicht = sichtbarkeit();
    letzteSicht = sicht;
    var fokus = zustand.fokus !== null ? nachbarn(zustand.fokus) : null;
    var groesse = D.groessen[zustand.groesse];
    var farben = D.farben[zustand.farbe].knoten;
    var formen = D.farben[zustand.farbe].formen;
    var upd = [], nA = 0, nN = 0;
    for (var x = 0; x < N; x++) {
      if (!gezeichnet[x]) { knotenZustand[x] = 0; continue; }
      var istNetz = K[x].t === "n";
      var o = { id: K[x].id, size: groesse[x], shape: formen[x] };
      var versteckt = istNetz && !zustand.netzwerkeZeigen;
      if (sicht[x] && !versteckt && fokus && !fokus[x]) {
        o.hidden = false; o.color = GRAU; o.opacity = 0.35; knotenZustand[x] = 1;
        if (istNetz) { nN++; } else { nA++; }
      } else if (sicht[x] && !versteckt) {
        o.hidden = false; o.color = farbObjekt(farben[x], istNetz); o.opacity = 1;
        knotenZustand[x] = 2;
        if (istNetz) { nN++; } else { nA++; }
      } else if (zustand.ausgrauen && !versteckt) {
        o.hidden = false; o.color = GRAU; o.opacity = 0.45; knotenZustand[x] = 1;
      } else {
        o.hidden = true; knotenZustand[x] = 0;
      }
      if (mitPosition) { var p = position(x); o.x = p[0]; o.y = p[1]; }
      upd.push(o);
    }
    nodes.update(upd);
    var text = "Sichtbar: " + zahl(nA) + " von " + zahl(D.anzahl.akteure) + " Akteuren";
    if (D.modus === "zweimodal") {
      text += " · " + zahl(nN) + " von " + zahl(D.anzahl.netzwerke) + " Netzwerken";
    }
    var nichts = nA + nN === 0;
    $("bn-f-status").textContent = filterAktiv() ? (nichts ? LEER_TEXT : text) : "";
    $("bn-f-status").className = "bn-status" + (nichts ? " bn-warnung" : "");
    // nothing left to show: say so on the map, with a way back
    var leer = $("bn-leer");
    if (N === 0) {
      $("bn-leer-text").textContent = "Für diese Erhebung gibt es keine Akteure oder Netzwerke.";
      $("bn-leer-reset").hidden = true;
      leer.hidden = false;
    } else {
      leer.hidden = !(nichts && (filterAktiv() || !zustand.netzwerkeZeigen));
    }
    api.status = { akteure: nA, netzwerke: nN };
    menueText();
  }
  var LEER_TEXT = "Keine Akteure oder Netzwerke passen zu diesen Filtern.";

  // ---------------------------------------------------------------- controls
  function fuelle(sel, paare, alle) {
    sel.textContent = "";
    if (alle) {
      var leer = document.createElement("option");
      leer.value = ""; leer.text = alle; sel.appendChild(leer);
    }
    for (var j = 0; j < paare.length; j++) {
      var o = document.createElement("option");
      o.value = paare[j][0]; o.text = paare[j][1];
      sel.appendChild(o);
    }
  }
  function paare(liste) { return liste.map(function (w) { return [w, w]; }); }

  fuelle($("bn-layout"), [["netz", "Netzwerk-Layout"], ["geo", "Geografisch (Orte)"]]);
  fuelle($("bn-farbe"), [["kategorie", "Kategorie"], ["landkreis", "Landkreis"]]);
  fuelle($("bn-groesse"), D.masse);
  fuelle($("bn-f-thema"), paare(D.filter.thema), "alle Themen");
  fuelle($("bn-f-landkreis"), paare(D.filter.landkreis), "alle Landkreise");
  fuelle($("bn-f-kategorie"), paare(D.filter.kategorie), "alle Kategorien");
  fuelle($("bn-f-netzwerk"), D.filter.netzwerk, "alle Netzwerke");
  $("bn-layout").value = zustand.layout;
  $("bn-farbe").value = zustand.farbe;
  $("bn-groesse").value = zustand.groesse;

  $("bn-layout").addEventListener("change", function (e) {
    zustand.layout = e.target.value; aktualisieren(true); legende(); gesamtansicht(); startMassstab();
  });
  $("bn-farbe").addEventListener("change", function (e) {
    zustand.farbe = e.target.value; aktualisieren(false); legende();
  });
  $("bn-groesse").addEventListener("change", function (e) {
    zustand.groesse = e.target.value; aktualisieren(false); legende();
  });
  if ($("bn-netzwerke")) {
    $("bn-netzwerke").addEventListener("change", function (e) {
      zustand.netzwerkeZeigen = e.target.checked; aktualisieren(false);
    });
  }
  $("bn-kanten").addEventListener("change", function (e) {
    zustand.kantenZeigen = e.target.checked;
    kantenAktualisieren();
  });
  var filterFelder = { thema: "bn-f-thema", landkreis: "bn-f-landkreis",
                       kategorie: "bn-f-kategorie", netzwerk: "bn-f-netzwerk" };
  function gesamtansicht() {
    // the whole map: all nodes; in the geographic view also every district seat (a small wave
    // may have no actor near some seat, the region is still shown whole)
    var sitze = zustand.layout === "geo" ? D.geo.landkreise.filter(function (l) { return l[3]; }) : [];
    if (!sitze.length || !N) { network.fit({ animation: false }); return; }
    var p = D.layouts.geo, x0 = Infinity, x1 = -Infinity, y0 = Infinity, y1 = -Infinity, j;
    var punkte = p.concat(sitze.map(function (l) { return [l[1], l[2]]; }));
    for (j = 0; j < punkte.length; j++) {
      x0 = Math.min(x0, punkte[j][0]); x1 = Math.max(x1, punkte[j][0]);
      y0 = Math.min(y0, punkte[j][1]); y1 = Math.max(y1, punkte[j][1]);
    }
    var w = container.clientWidth || 1, h = container.clientHeight || 1;
    var m = 0.88 * Math.min(w / Math.max(x1 - x0, 1), h / Math.max(y1 - y0, 1));
    network.moveTo({ position: { x: (x0 + x1) / 2, y: (y0 + y1) / 2 }, scale: m, animation: false });
  }
  function zeigeSichtbare() {
    // after a filter change, frame what is left (all nodes when no filter is set)
    var ids = [];
    for (var x = 0; x < N; x++) { if (letzteSicht[x]) { ids.push(K[x].id); } }
    if (ids.length && filterAktiv()) { network.fit({ nodes: ids, animation: false }); }
    else { gesamtansicht(); }
  }
  Object.keys(filterFelder).forEach(function (art) {
    $(filterFelder[art]).addEventListener("change", function (e) {
      zustand.filter[art] = e.target.value; aktualisieren(false); zeigeSichtbare();
    });
  });
  $("bn-f-modus").addEventListener("change", function (e) {
    zustand.ausgrauen = e.target.value === "ausgrauen"; aktualisieren(false);
  });
  function filterZuruecksetzen() {
    Object.keys(filterFelder).forEach(function (art) {
      zustand.filter[art] = ""; $(filterFelder[art]).value = "";
    });
    zustand.netzwerkeZeigen = true;
    if ($("bn-netzwerke")) { $("bn-netzwerke").checked = true; }
    aktualisieren(false);
  }
  $("bn-f-reset").addEventListener("click", function () { filterZuruecksetzen(); zeigeSichtbare(); });
  $("bn-leer-reset").addEventListener("click", function () { filterZuruecksetzen(); zeigeSichtbare(); });
  api.filterZuruecksetzen = function () { filterZuruecksetzen(); zeigeSichtbare(); };
  $("bn-zoom-rein").addEventListener("click", function () {
    network.moveTo({ scale: network.getScale() * 1.4 });
  });
  $("bn-zoom-raus").addEventListener("click", function () {
    network.moveTo({ scale: network.getScale() / 1.4 });
  });
  $("bn-zoom-alles").addEventListener("click", function () { gesamtansicht(); });

  // ---------------------------------------------------------------- the panel on small screens
  // On a phone the controls fold into a panel behind the button "Filter & Suche"; on a large
  // screen they stand beside the map and the button is not shown.
  var seite = $("bn-seite"), menue = $("bn-menue");
  function schmal() { return window.getComputedStyle(menue).display !== "none"; }
  function seiteOeffnen(offen) {
    seite.classList.toggle("bn-offen", offen);
    menue.setAttribute("aria-expanded", offen ? "true" : "false");
    if (offen) { versteckeTip(); $("bn-seite-zu").focus(); }
    else if (schmal()) { menue.focus(); }
  }
  function menueText() {
    var f = zustand.filter, n = 0;
    Object.keys(f).forEach(function (art) { if (f[art] !== "") { n++; } });
    menue.textContent = "Filter & Suche" + (n ? " (" + n + ")" : "");
  }
  menue.addEventListener("click", function () { seiteOeffnen(!seite.classList.contains("bn-offen")); });
  $("bn-seite-zu").addEventListener("click", function () { seiteOeffnen(false); });
  document.addEventListener("keydown", function (e) {
    if (e.key === "Escape" && seite.classList.contains("bn-offen")) { seiteOeffnen(false); }
  });
  api.seiteOeffnen = seiteOeffnen;

  api.setzeFilter = function (art, wert) {
    zustand.filter[art] = wert; $(filterFelder[art]).value = wert; aktualisieren(false);
  };

  // ---------------------------------------------------------------- legend
  function legende() {
    var box = $("bn-legende");
    box.textContent = "";
    box.appendChild(el("h2", "bn-titel", "Legende"));
    var formen = el("ul", "bn-legende-liste"), li;
    li = el("li"); li.appendChild(el("span", "bn-punkt bn-form-dot")); li.appendChild(el("span", null, "Akteur (Institution)"));
    formen.appendChild(li);
    if (D.modus === "zweimodal") {
      li = el("li"); li.appendChild(el("span", "bn-raute")); li.appendChild(el("span", null, "Netzwerk / Gremium"));
      formen.appendChild(li);
    }
    box.appendChild(formen);
    var fm = D.farben[zustand.farbe];
    box.appendChild(el("div", "bn-legende-titel",
      "Farbe und Form: " + (zustand.farbe === "kategorie" ? "Kategorie des Akteurs" : "Landkreis")));
    var liste = el("ul", "bn-legende-liste");
    fm.legende.forEach(function (eintrag) {
      var zeile = el("li"), punkt = el("span", "bn-punkt bn-form-" + eintrag[3]);
      punkt.style.backgroundColor = eintrag[1];
      punkt.style.color = eintrag[1];
      zeile.appendChild(punkt);
      zeile.appendChild(el("span", null, eintrag[0]));
      zeile.appendChild(el("span", "bn-anzahl", "(" + zahl(eintrag[2]) + ")"));
      liste.appendChild(zeile);
    });
    box.appendChild(liste);
    if (D.modus === "zweimodal") {
      box.appendChild(el("p", "bn-hinweis", zustand.farbe === "kategorie"
        ? "Netzwerke sind dunkelgrau."
        : "Netzwerke in der Farbe ihres Landkreises; landkreisübergreifende dunkelgrau."));
    }
    var mass = D.masse.filter(function (m) { return m[0] === zustand.groesse; })[0];
    box.appendChild(el("p", "bn-hinweis", "Größe: " + (mass ? mass[1] : zustand.groesse) +
      " – je größer, desto höher der Wert."));
    box.appendChild(el("p", "bn-hinweis", D.modus === "zweimodal"
      ? "Linien: Mitgliedschaften; dicker = Leitung oder Gastgeber."
      : "Linien: gemeinsame Netzwerke; dicker = mehr gemeinsame Netzwerke."));
    if (zustand.layout === "geo") {
      var g = D.geo;
      box.appendChild(el("p", "bn-hinweis",
        "Geografisch: Akteure an ihrem Ort; mehrere Akteure am selben Ort stehen im Kreis darum. " +
        "Netzwerke in der Mitte ihrer Mitglieder."));
      if (g.landkreise.some(function (l) { return l[3]; })) {
        var sitz = el("ul", "bn-legende-liste"), zeileSitz = el("li");
        zeileSitz.appendChild(el("span", "bn-sitz"));
        zeileSitz.appendChild(el("span", null, "Sitz der Kreisverwaltung, daneben der Name des Landkreises"));
        sitz.appendChild(zeileSitz);
        box.appendChild(sitz);
      }
      if (g.ohne.anzahl || g.ohne.anzahl_netzwerke) {
        box.appendChild(el("p", "bn-hinweis",
          zahl(g.ohne.anzahl) + " Akteure ohne Ortsangabe" +
          (g.ohne.anzahl_netzwerke ? " und " + zahl(g.ohne.anzahl_netzwerke) + " Netzwerke ohne verortete Mitglieder" : "") +
          " stehen in der Reihe unten („ohne Ortsangabe“)."));
      }
      if (g.pseudonyme) {
        box.appendChild(el("p", "bn-hinweis", zahl(g.pseudonyme) +
          " Akteure ohne Einwilligung zur Nennung erscheinen unter Pseudonym in der Mitte ihres Landkreises."));
      }
    } else {
      box.appendChild(el("p", "bn-hinweis",
        "Netzwerk-Layout: eng verbundene Akteure stehen nah beieinander; die Position ist fest berechnet."));
    }
    if (D.detail) {
      box.appendChild(el("p", "bn-hinweis", D.detail.hinweis + " Gesucht oder in den Details " +
        "gewählt, erscheint ein Akteur mit seinen Netzwerken."));
    }
    D.hinweise.forEach(function (h) { box.appendChild(el("p", "bn-hinweis", h)); });
  }

  // ---------------------------------------------------------------- details / tooltip
  function zeile(dl, titel, wert) {
    if (wert === undefined || wert === null || wert === "") { return; }
    dl.appendChild(el("dt", null, titel));
    dl.appendChild(el("dd", null, wert));
  }
  // links to the pages of an actor (akteure/<id>.html) and of a district (landkreise/<slug>.html),
  // written by report.pages; only such relative file names are ever made links
  // Embedded in the report (sandboxed srcdoc frame) a link cannot open a file from disk:
  // there the details point to the map in its own window instead.
  var SEITE = /^(akteure|landkreise)\/[A-Za-z0-9_-]+\.html$/;
  var eingebettet = window.self !== window.top;
  function seitenLink(ziel, text) {
    if (eingebettet || typeof ziel !== "string" || !SEITE.test(ziel)) { return null; }
    var a = el("a", "bn-seitenlink", text);
    a.href = ziel;
    a.target = "_blank";
    a.rel = "noopener";
    return a;
  }
  function landkreisSeite(lk) {
    var seiten = D.landkreisseiten || {};
    return lk && Object.prototype.hasOwnProperty.call(seiten, lk) ? seiten[lk] : null;
  }
  function seitenLinks(box, profil, lk) {
    if (eingebettet) {
      if (profil || landkreisSeite(lk)) {
        box.appendChild(el("p", "bn-hinweis", (profil ? "Profil" : "Landkreisseite") +
          ": in der Karte im eigenen Fenster verlinkt (Link unter der Karte)."));
      }
      return;
    }
    var links = [seitenLink(profil, "Profil öffnen"),
                 seitenLink(landkreisSeite(lk), "Mein Landkreis: " + lk)].filter(Boolean);
    if (!links.length) { return; }
    var p = el("p", "bn-seitenlinks");
    links.forEach(function (a, j) {
      if (j) { p.appendChild(document.createTextNode(" · ")); }
      p.appendChild(a);
    });
    box.appendChild(p);
  }
  function knopfListe(indices, ausfuehrlich, namensFn, zielFn) {
    var ul = el("ul"), grenze = ausfuehrlich ? indices.length : 6;
    indices.slice(0, grenze).forEach(function (j) {
      var li = el("li");
      if (ausfuehrlich) {
        var b = el("button", "bn-liste-knopf", namensFn(j));
        b.type = "button";
        b.addEventListener("click", function () { waehle(zielFn(j), true); });
        li.appendChild(b);
      } else {
        li.textContent = namensFn(j);
      }
      ul.appendChild(li);
    });
    if (indices.length > grenze) { ul.appendChild(el("li", null, "… und " + zahl(indices.length - grenze) + " weitere")); }
    return ul;
  }
  function steckbrief(x, ausfuehrlich) {
    var k = K[x], box = el("div", "bn-steckbrief"), dl = el("dl");
    if (k.t === "a") {
      box.appendChild(el("div", "bn-art", "Akteur" + (k.kat ? " · " + k.kat : "")));
      box.appendChild(el("h3", null, k.name));
      if (ausfuehrlich) { seitenLinks(box, k.profil, k.lk); }
      zeile(dl, "Ort", k.ort);
      zeile(dl, "Landkreis", k.lk ? k.lk + (k.bl ? " (" + k.bl + ")" : "") : "");
      zeile(dl, "Ebene", k.ebene);
      zeile(dl, "Raum", k.raum);
      D.masse.forEach(function (m) {
        if (k.werte[m[0]] === undefined) { return; }
        var r = k.raenge[m[0]];
        zeile(dl, m[1].replace(/ \(.*\)$/, ""), k.werte[m[0]] + (r ? "  (Rang " + zahl(r) + " von " + zahl(D.anzahl.akteure) + ")" : ""));
      });
      box.appendChild(dl);
      if (k.champion) {
        box.appendChild(el("p", "bn-hinweis", "Hidden Champion" + (k.champion !== "ja" ? ": " + k.champion : "")));
      }
      if (k.pseudo) { box.appendChild(el("p", "bn-hinweis", "Name pseudonymisiert (keine Einwilligung zur Nennung); Lage nur auf Landkreisebene.")); }
      if (k.ohne_ort) { box.appendChild(el("p", "bn-hinweis", "Ohne Ortsangabe.")); }
      if (k.verlauf && k.verlauf.length) {
        box.appendChild(el("div", "bn-legende-titel", "Verlauf: Netzwerke je Erhebung"));
        var max = 1;
        k.verlauf.forEach(function (v) { if (v[1] !== null && v[1] > max) { max = v[1]; } });
        var balken = el("div", "bn-verlauf"), achse = el("div", "bn-verlauf-achse");
        k.verlauf.forEach(function (v) {
          var b = el("span");
          b.style.height = Math.max(2, Math.round(32 * (v[1] || 0) / max)) + "px";
          b.title = v[0] + ": " + (v[1] === null ? "–" : v[1]);
          balken.appendChild(b);
          achse.appendChild(el("span", null, String(v[0]).slice(-2)));
        });
        box.appendChild(balken); box.appendChild(achse);
        box.appendChild(el("p", "bn-hinweis", k.verlauf.map(function (v) {
          return v[0] + ": " + (v[1] === null ? "–" : v[1]);
        }).join(" → ")));
      }
      if (k.netze.length) {
        box.appendChild(el("div", "bn-legende-titel", "Netzwerke (" + zahl(k.netze.length) + ")"));
        box.appendChild(knopfListe(k.netze, ausfuehrlich, function (j) {
          var r = k.rollen[k.netze.indexOf(j)];
          return NETZE[j].name + (r && r !== "Mitglied" ? " – " + r : "");
        }, function (j) { return netzKnoten[j]; }));
      }
    } else {
      var n = NETZE[k.n];
      box.appendChild(el("div", "bn-art", "Netzwerk" + (n.typ ? " · " + n.typ : "")));
      box.appendChild(el("h3", null, n.name));
      if (ausfuehrlich) { seitenLinks(box, null, n.lk); }
      zeile(dl, "Landkreis", n.lk);
      zeile(dl, "Themen", n.themen.join(", "));
      zeile(dl, "Zielgruppen", n.zg.join(", "));
      zeile(dl, "Koordination", n.koord !== null && n.koord !== undefined ? name(n.koord) : "");
      zeile(dl, "Mitglieder", zahl(n.mitglieder.length));
      n.werte.forEach(function (w) { zeile(dl, w[0], w[1]); });
      box.appendChild(dl);
      if (n.mitglieder.length) {
        box.appendChild(el("div", "bn-legende-titel", "Mitglieder"));
        box.appendChild(knopfListe(n.mitglieder, ausfuehrlich, name, function (j) { return j; }));
      }
    }
    return box;
  }

  function zeigeInfo(x) {
    var box = $("bn-info-inhalt");
    box.textContent = "";
    if (x === null || x === undefined) { $("bn-info").hidden = true; return; }
    box.appendChild(steckbrief(x, true));
    $("bn-info").hidden = false;
    $("bn-info").scrollTop = 0;
    versteckeTip();                       // details and tooltip never show at the same time
    if (schmal()) { sichtbarUeberBlatt(x); }
  }
  function sichtbarUeberBlatt(x) {
    // on a phone the details are a sheet at the bottom: keep the chosen node above it
    var p = network.getPosition(K[x].id), d = network.canvasToDOM(p);
    var h = container.clientHeight, blatt = $("bn-info").offsetHeight;
    if (d.y > h - blatt - 24) {
      network.moveTo({ position: p, scale: network.getScale(), offset: { x: 0, y: -blatt / 2 },
                       animation: { duration: 250, easingFunction: "easeInOutQuad" } });
    }
  }
  $("bn-info-zu").addEventListener("click", function () {
    network.unselectAll(); zeigeInfo(null); setzeFokus(null);
  });

  var tip = $("bn-tooltip");
  function versteckeTip() { tip.hidden = true; }
  // no hover tooltip on touch screens (a tap selects and opens the details) and none while the
  // details are open: one place for the details, nothing on top of it
  var ohneHover = !!(window.matchMedia && window.matchMedia("(hover: none)").matches);
  var beruehrung = false;               // the last pointer was a finger (touch laptops)
  container.addEventListener("pointerdown", function (e) { beruehrung = e.pointerType === "touch"; }, true);
  container.addEventListener("pointermove", function (e) {
    if (e.pointerType === "mouse") { beruehrung = false; }
  }, true);
  var tipKnoten = null;
  function zeigeTip(x, dom) {
    if (ohneHover || beruehrung || !$("bn-info").hidden || seite.classList.contains("bn-offen")) {
      versteckeTip();
      return;
    }
    if (tip.hidden || tipKnoten !== x) {
      tip.textContent = "";
      tip.appendChild(steckbrief(x, false));
      tipKnoten = x;
    }
    tip.hidden = false;
    var w = container.clientWidth, h = container.clientHeight;
    var px = dom.x + 14, py = dom.y + 14;
    var tw = tip.offsetWidth, th = tip.offsetHeight;
    if (px + tw > w) { px = Math.max(4, dom.x - tw - 14); }
    if (py + th > h) { py = Math.max(4, h - th - 4); }
    tip.style.left = px + "px"; tip.style.top = py + "px";
  }
  network.on("hoverNode", function (p) {
    var x = index[p.node];
    if (x !== undefined) { zeigeTip(x, p.pointer.DOM); }
  });
  // vis-network reports no new hover when the pointer comes back onto the node it left through
  // a box on top of the map (e.g. the details): look up the node under the pointer as well
  container.addEventListener("pointermove", function (e) {
    if (e.pointerType !== "mouse" || !tip.hidden) { return; }
    var r = container.getBoundingClientRect(), dom = { x: e.clientX - r.left, y: e.clientY - r.top };
    var id = network.getNodeAt(dom), x = id === undefined ? undefined : index[id];
    if (x !== undefined && knotenZustand[x] > 0) { zeigeTip(x, dom); }
  });
  container.addEventListener("pointerleave", versteckeTip);
  network.on("blurNode", versteckeTip);
  network.on("dragStart", versteckeTip);
  network.on("zoom", versteckeTip);
  network.on("selectNode", function (p) { zeigeInfo(index[p.nodes[0]]); setzeFokus(index[p.nodes[0]]); });
  network.on("deselectNode", function () { zeigeInfo(null); setzeFokus(null); });

  // ---------------------------------------------------------------- canvas overlays (geo)
  // Under the nodes: the dashed line of the row without place. The district seats (small
  // squares of fixed screen size, on top of the nodes) and all names are drawn with the labels.
  network.on("beforeDrawing", function (ctx) {
    if (zustand.layout !== "geo") { return; }
    var g = D.geo, m = network.getScale();
    ctx.save();
    if (g.ohne.anzahl || g.ohne.anzahl_netzwerke) {
      ctx.strokeStyle = "rgba(60, 60, 60, 0.35)";
      ctx.lineWidth = 1.5 / m;
      ctx.setLineDash([8 / m, 8 / m]);
      ctx.beginPath();
      ctx.moveTo(g.ohne.x, g.ohne.y + 12);
      ctx.lineTo(g.ohne.x + Math.max(g.ohne.breite, 200), g.ohne.y + 12);
      ctx.stroke();
    }
    ctx.restore();
  });

  // ---------------------------------------------------------------- search
  var sortiert = [];
  for (i = 0; i < N; i++) { sortiert.push(i); }
  var vergleich = new Intl.Collator("de").compare;  // as localeCompare(…, "de"), much faster
  sortiert.sort(function (a, b) { return vergleich(name(a), name(b)); });
  var liste = $("bn-namen");
  function option(x) {
    var o = document.createElement("option");
    o.value = name(x);
    o.label = K[x].t === "a" ? "Akteur" : "Netzwerk";
    return o;
  }
  function listeFuellen(indices) {
    var frag = document.createDocumentFragment();
    indices.forEach(function (x) { frag.appendChild(option(x)); });
    liste.textContent = "";
    liste.appendChild(frag);
  }
  // a large wave (level of detail): the list offers the first names that match the input, as
  // one types, instead of tens of thousands at once
  var VORSCHLAEGE = 30;
  if (!D.detail) { listeFuellen(sortiert); }
  function vorschlagen(text) {
    var q = norm(text), treffer = [], j;
    if (q.length < 2) { listeFuellen([]); return; }
    for (j = 0; j < sortiert.length && treffer.length < VORSCHLAEGE; j++) {
      if (normName(sortiert[j]).indexOf(q) === 0) { treffer.push(sortiert[j]); }
    }
    for (j = 0; j < sortiert.length && treffer.length < VORSCHLAEGE; j++) {
      if (normName(sortiert[j]).indexOf(q) > 0) { treffer.push(sortiert[j]); }
    }
    listeFuellen(treffer);
  }

  function norm(s) { return String(s).trim().toLocaleLowerCase("de"); }
  var normiert = new Array(N);
  function normName(x) {
    if (normiert[x] === undefined) { normiert[x] = norm(name(x)); }
    return normiert[x];
  }
  function exakt(text) {
    var q = norm(text);
    if (!q) { return -1; }
    for (var j = 0; j < sortiert.length; j++) { if (normName(sortiert[j]) === q) { return sortiert[j]; } }
    return -1;
  }
  function finde(text) {
    var q = norm(text), j;
    if (!q) { return -1; }
    var x = exakt(text);
    if (x >= 0) { return x; }
    for (j = 0; j < sortiert.length; j++) { if (normName(sortiert[j]).indexOf(q) === 0) { return sortiert[j]; } }
    for (j = 0; j < sortiert.length; j++) { if (normName(sortiert[j]).indexOf(q) >= 0) { return sortiert[j]; } }
    return -1;
  }
  function suchStatus(text, warnung, profil) {
    var s = $("bn-suche-status");
    s.textContent = text;
    s.className = "bn-status" + (warnung ? " bn-warnung" : "");
    var link = seitenLink(profil, "Profil öffnen");
    if (link) { s.appendChild(document.createTextNode(" · ")); s.appendChild(link); }
  }
  function waehle(x, ausListe) {
    if (x === undefined || x === null || x < 0) { return; }
    var k = K[x];
    var versteckt = !letzteSicht[x] || (k.t === "n" && !zustand.netzwerkeZeigen);
    if (versteckt) {
      filterZuruecksetzen();
      suchStatus("Filter zurückgesetzt, damit „" + k.name + "“ sichtbar ist.", true, k.profil);
    } else {
      suchStatus(ausListe ? "" : "Gefunden: " + k.name, false, ausListe ? null : k.profil);
    }
    if (zeichne(x)) {                     // not drawn at this level of detail: add it
      suchStatus("„" + k.name + "“ und " + (k.t === "a" ? "seine Netzwerke" : "seine Verbindungen") +
                 " hinzugefügt.", false, k.profil);
    }
    network.selectNodes([k.id]);
    setzeFokus(x);
    network.focus(k.id, { scale: Math.max(network.getScale(), s0 * 1.8),
                          animation: { duration: 350, easingFunction: "easeInOutQuad" } });
    zeigeInfo(x);
  }
  function sucheNach(text) {
    var x = finde(text);
    if (x < 0) { suchStatus(text.trim() ? "Kein Akteur und kein Netzwerk passt zu dieser Eingabe." : "", true); return -1; }
    var gewaehlt = network.getSelectedNodes();
    if (gewaehlt.length === 1 && gewaehlt[0] === K[x].id && letzteSicht[x]) {
      network.focus(K[x].id, { scale: Math.max(network.getScale(), s0 * 1.8), animation: false });
      return x;                           // already chosen from the list: keep its message
    }
    waehle(x, false);
    return x;
  }
  var eingabe = $("bn-suche");
  function zurKarte(x) {
    // phone: after a search that found something, fold the panel away to show the map
    if (x >= 0 && seite.classList.contains("bn-offen")) { seiteOeffnen(false); }
  }
  eingabe.addEventListener("input", function (e) {
    if (D.detail) { vorschlagen(eingabe.value); }
    var x = exakt(eingabe.value);       // choosing from the list gives the exact name
    if (x >= 0) {
      waehle(x, false);
      if (!e.inputType || e.inputType === "insertReplacementText") { zurKarte(x); }  // list pick
    }
  });
  eingabe.addEventListener("keydown", function (e) {
    if (e.key === "Enter") { e.preventDefault(); zurKarte(sucheNach(eingabe.value)); }
  });
  $("bn-suche-los").addEventListener("click", function () { zurKarte(sucheNach(eingabe.value)); });
  api.suche = function (text) {
    var x = sucheNach(text);
    return x >= 0 ? K[x].id : null;
  };

  // ---------------------------------------------------------------- labels
  // After each redraw the names are written on the canvas in screen pixels. Candidates come in
  // the order D.rang[size measure] (most important first); a label is kept only if its box
  // (below, above, right or left of its node) lies inside the map and overlaps no box kept
  // before – checked against a grid of cells, so each test looks at a few boxes only. Level of
  // detail: at the start view about B.start nodes are tried, zoomed in z times
  // B.start * z^B.wachstum (more than the area, so more names show as one zooms in). With a
  // node selected, it and its neighbours are labelled. Greyed nodes get no label. District
  // names (geographic view) and the caption of the row without place come first.
  var B = D.beschriftung;
  var s0 = 1;                                  // the scale of the start view (zoom 1)
  function startMassstab() { s0 = network.getScale() || 1; }
  var SCHRIFT = [
    "600 " + B.schrift_gross + "px " + B.schriftart,
    B.schrift_klein + "px " + B.schriftart,
    "italic 600 " + B.schrift_landkreis + "px " + B.schriftart
  ];
  var HOEHE = [B.schrift_gross * 1.25, B.schrift_klein * 1.25, B.schrift_landkreis * 1.25];
  var FARBE = ["#111111", "#1f1f1f", "#3b3b3b"];
  var texte = new Array(N), breiten = [new Float64Array(N), new Float64Array(N)];
  function kurz(text) {
    var z = Array.from(String(text));
    return z.length > B.max_zeichen ? z.slice(0, B.max_zeichen - 1).join("").trim() + "…" : z.join("");
  }
  function beschriftungText(x) {
    if (texte[x] === undefined) { texte[x] = kurz(name(x)); }
    return texte[x];
  }
  function breite(ctx, x, klasse) {
    var b = breiten[klasse][x];
    if (!b) {
      ctx.font = SCHRIFT[klasse];
      b = breiten[klasse][x] = ctx.measureText(beschriftungText(x)).width;
    }
    return b;
  }

  function Raster(zelle) { this.zelle = zelle; this.zellen = new Map(); }
  Raster.prototype.bereich = function (b, fn) {
    var z = this.zelle;
    var x0 = Math.floor(b.x / z), x1 = Math.floor((b.x + b.w) / z);
    var y0 = Math.floor(b.y / z), y1 = Math.floor((b.y + b.h) / z);
    for (var cx = x0; cx <= x1; cx++) {
      for (var cy = y0; cy <= y1; cy++) {
        if (fn(cx * 8192 + cy) === false) { return false; }
      }
    }
    return true;
  };
  Raster.prototype.frei = function (b) {
    var zellen = this.zellen;
    return this.bereich(b, function (schluessel) {
      var liste = zellen.get(schluessel);
      if (!liste) { return true; }
      for (var j = 0; j < liste.length; j++) {
        var a = liste[j];
        if (a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h) { return false; }
      }
      return true;
    });
  };
  Raster.prototype.hinzu = function (b) {
    var zellen = this.zellen;
    this.bereich(b, function (schluessel) {
      var liste = zellen.get(schluessel);
      if (liste) { liste.push(b); } else { zellen.set(schluessel, [b]); }
    });
  };

  function hindernisse(raster, breiteK, hoeheK) {
    // the zoom buttons and the details box cover the map: no label underneath
    var basis = container.getBoundingClientRect();
    ["bn-info", "bn-leer", "bn-detail"].concat(["bn-zoom"]).forEach(function (id) {
      var e = id === "bn-zoom" ? document.querySelector(".bn-zoom") : $(id);
      if (!e || e.hidden) { return; }
      var r = e.getBoundingClientRect();
      if (!r.width || !r.height) { return; }
      var b = { x: Math.max(0, r.left - basis.left), y: Math.max(0, r.top - basis.top) };
      b.w = Math.min(breiteK, r.right - basis.left) - b.x;
      b.h = Math.min(hoeheK, r.bottom - basis.top) - b.y;
      if (b.w > 0 && b.h > 0) { raster.hinzu(b); }
    });
  }

  api.beschriftungen = [];
  api.beschriftungMs = [];
  function beschriften(ctx) {
    var t0 = performance.now();
    var m = network.getScale(), tr = network.body.view.translation;
    var canvas = network.canvas.frame.canvas;
    var W = canvas.clientWidth, H = canvas.clientHeight;
    var raster = new Raster(64), gesetzt = [], rand = B.rand;
    hindernisse(raster, W, H);

    function versuche(b, x, klasse, text, art) {
      if (b.x < 0 || b.y < 0 || b.x + b.w > W || b.y + b.h > H) { return false; }
      if (!raster.frei(b)) { return false; }
      raster.hinzu(b);
      b.text = text; b.klasse = klasse; b.art = art; b.id = x === null ? null : K[x].id;
      gesetzt.push(b);
      return true;
    }
    function knotenBeschriften(x, klasse) {
      var koerper = network.body.nodes[K[x].id];
      if (!koerper) { return false; }
      var sx = koerper.x * m + tr.x, sy = koerper.y * m + tr.y;
      var r = (koerper.options.size || 8) * m;
      if (sx < -r || sy < -r || sx > W + r || sy > H + r) { return false; }
      var w = breite(ctx, x, klasse) + 2 * rand, h = HOEHE[klasse] + 2 * rand;
      var text = beschriftungText(x);
      return versuche({ x: sx - w / 2, y: sy + r + 1, w: w, h: h }, x, klasse, text, "knoten") ||
             versuche({ x: sx - w / 2, y: sy - r - 1 - h, w: w, h: h }, x, klasse, text, "knoten") ||
             versuche({ x: sx + r + 2, y: sy - h / 2, w: w, h: h }, x, klasse, text, "knoten") ||
             versuche({ x: sx - r - 2 - w, y: sy - h / 2, w: w, h: h }, x, klasse, text, "knoten");
    }
    function festBeschriften(text, cx, cy, klasse, art, lage) {
      ctx.font = SCHRIFT[klasse];
      var w = ctx.measureText(text).width + 2 * rand, h = HOEHE[klasse] + 2 * rand;
      var sx = cx * m + tr.x, sy = cy * m + tr.y;
      if (lage === "neben") {              // next to a seat marker (5 px half-width)
        return versuche({ x: sx + 8, y: sy - h / 2, w: w, h: h }, null, klasse, text, art) ||
               versuche({ x: sx - 8 - w, y: sy - h / 2, w: w, h: h }, null, klasse, text, art) ||
               versuche({ x: sx - w / 2, y: sy - 8 - h, w: w, h: h }, null, klasse, text, art) ||
               versuche({ x: sx - w / 2, y: sy + 8, w: w, h: h }, null, klasse, text, art);
      }
      var x0 = lage === "mitte" ? sx - w / 2 : sx;
      return versuche({ x: x0, y: sy - h / 2, w: w, h: h }, null, klasse, text, art);
    }

    var sitze = [];
    if (zustand.layout === "geo") {
      var g = D.geo;
      g.landkreise.forEach(function (l) {       // the seats: markers no label may cover
        if (!l[3]) { return; }
        var b = { x: l[1] * m + tr.x - 6, y: l[2] * m + tr.y - 6, w: 12, h: 12, sitz: l[3] };
        if (b.x >= 0 && b.y >= 0 && b.x + b.w <= W && b.y + b.h <= H) { raster.hinzu(b); sitze.push(b); }
      });
      g.landkreise.forEach(function (l) {
        festBeschriften(l[0], l[1], l[2], 2, "landkreis", l[3] ? "neben" : "mitte");
      });
      if (g.ohne.anzahl || g.ohne.anzahl_netzwerke) {
        festBeschriften("ohne Ortsangabe (" + zahl(g.ohne.anzahl + g.ohne.anzahl_netzwerke) + ")",
                        g.ohne.x, g.ohne.y, 2, "zeile", "links");
      }
    }
    var reihe = D.rang[zustand.groesse] || [], k, x;
    if (zustand.fokus !== null) {
      knotenBeschriften(zustand.fokus, 0);
      for (k = 0; k < reihe.length; k++) {
        x = reihe[k];
        if (x !== zustand.fokus && knotenZustand[x] === 2) { knotenBeschriften(x, k < B.gross ? 0 : 1); }
      }
    } else {
      var flaeche = Math.min(1, (W * H) / B.flaeche);
      var start = Math.max(B.min, B.start * Math.sqrt(flaeche));
      var budget = Math.round(start * Math.pow(Math.max(m / s0, 0.1), B.wachstum));
      var versucht = 0, fett = 0;
      for (k = 0; k < reihe.length && versucht < budget; k++) {
        x = reihe[k];
        if (knotenZustand[x] !== 2) { continue; }
        versucht++;
        if (knotenBeschriften(x, fett < B.gross ? 0 : 1)) { fett++; }
      }
    }

    // draw in screen pixels, on top of the nodes
    ctx.save();
    network.canvas.setTransform();
    ctx.textBaseline = "middle";
    ctx.textAlign = "left";
    ctx.lineJoin = "round";
    ctx.lineWidth = 2;
    ctx.strokeStyle = "#333333";
    ctx.fillStyle = "#ffffff";
    sitze.forEach(function (b) {
      ctx.fillRect(b.x + 1, b.y + 1, b.w - 2, b.h - 2);
      ctx.strokeRect(b.x + 1, b.y + 1, b.w - 2, b.h - 2);
    });
    ctx.lineWidth = 3;
    ctx.strokeStyle = "rgba(255, 255, 255, 0.9)";
    for (k = 0; k < gesetzt.length; k++) {
      var b = gesetzt[k];
      if (b.art !== "knoten") {            // district names: on a light ground, over the nodes
        ctx.fillStyle = "rgba(255, 255, 255, 0.8)";
        ctx.fillRect(b.x, b.y, b.w, b.h);
      }
      ctx.font = SCHRIFT[b.klasse];
      ctx.fillStyle = FARBE[b.klasse];
      ctx.strokeText(b.text, b.x + rand, b.y + b.h / 2);
      ctx.fillText(b.text, b.x + rand, b.y + b.h / 2);
    }
    ctx.restore();
    api.beschriftungen = gesetzt;
    api.kreissitze = sitze;
    api.beschriftungMs.push(performance.now() - t0);
    if (api.beschriftungMs.length > 200) { api.beschriftungMs.shift(); }
  }
  network.on("afterDrawing", beschriften);
  api.beschriften = beschriften;

  // ---------------------------------------------------------------- start
  if (D.detail) {                       // what a large wave's map draws: say so on the map
    $("bn-detail").textContent = D.detail.hinweis;
    $("bn-detail").hidden = false;
  }
  ausrichtung();
  aktualisieren(gedreht);
  gesamtansicht();
  startMassstab();
  legende();
  zeigeInfo(null);
}());
