/* bildungsnetz – interaktive Netzwerkkarte.
 * Reads all data from <script type="application/json" id="bn-daten">. Survey text (names,
 * places, topics) reaches the page only through textContent / option.text / canvas text,
 * never through innerHTML, so an institution whose name is an HTML tag stays plain text. */
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

  // ---------------------------------------------------------------- the network
  var container = $("bn-netz");
  var nodes = new vis.DataSet(D.vis.nodes);
  var edges = new vis.DataSet(D.vis.edges);
  var network = new vis.Network(container, { nodes: nodes, edges: edges }, D.vis.options);
  var api = window.netzwerkkarte = {
    network: network, nodes: nodes, edges: edges, daten: D, bereit: false, bereitNach: null
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
      upd[e] = { id: D.vis.edges[e].id, hidden: !zeigen };
    }
    edges.update(upd);
  }
  function setzeFokus(x) {
    zustand.fokus = (x === undefined) ? null : x;
    aktualisieren(false);
    kantenAktualisieren();
  }

  var letzteSicht = null;
  function aktualisieren(mitPosition) {
    var sicht = sichtbarkeit();
    letzteSicht = sicht;
    var fokus = zustand.fokus !== null ? nachbarn(zustand.fokus) : null;
    var pos = D.layouts[zustand.layout];
    var groesse = D.groessen[zustand.groesse];
    var farben = D.farben[zustand.farbe].knoten;
    var formen = D.farben[zustand.farbe].formen;
    var upd = new Array(N), nA = 0, nN = 0;
    for (var x = 0; x < N; x++) {
      var istNetz = K[x].t === "n";
      var o = { id: K[x].id, size: groesse[x], shape: formen[x] };
      var versteckt = istNetz && !zustand.netzwerkeZeigen;
      if (sicht[x] && !versteckt && fokus && !fokus[x]) {
        o.hidden = false; o.color = GRAU; o.opacity = 0.35;
        o.font = { size: 0.01, color: "#b5b5b5" };       // below drawThreshold: no label
        if (istNetz) { nN++; } else { nA++; }
      } else if (sicht[x] && !versteckt) {
        o.hidden = false; o.color = farbObjekt(farben[x], istNetz); o.opacity = 1;
        o.font = { size: fokus ? 12.5 / s0 : schriftGroesse(x), color: "#1a1a1a" };
        if (istNetz) { nN++; } else { nA++; }
      } else if (zustand.ausgrauen && !versteckt) {
        o.hidden = false; o.color = GRAU; o.opacity = 0.45;
        o.font = { size: schriftGroesse(x), color: "#b5b5b5" };
      } else {
        o.hidden = true;
      }
      if (mitPosition) { o.x = pos[x][0]; o.y = pos[x][1]; }
      upd[x] = o;
    }
    nodes.update(upd);
    var text = "Sichtbar: " + nA + " von " + D.anzahl.akteure + " Akteuren";
    if (D.modus === "zweimodal") {
      text += " · " + nN + " von " + D.anzahl.netzwerke + " Netzwerken";
    }
    $("bn-f-status").textContent = filterAktiv() ? text : "";
    api.status = { akteure: nA, netzwerke: nN };
  }

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
    zustand.layout = e.target.value; aktualisieren(true); legende(); network.fit(); labelSchwelle(); aktualisieren(false);
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
  function zeigeSichtbare() {
    // after a filter change, frame what is left (all nodes when no filter is set)
    var ids = [];
    for (var x = 0; x < N; x++) { if (letzteSicht[x]) { ids.push(K[x].id); } }
    if (ids.length && filterAktiv()) { network.fit({ nodes: ids, animation: false }); }
    else { network.fit({ animation: false }); }
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
  $("bn-zoom-rein").addEventListener("click", function () {
    network.moveTo({ scale: network.getScale() * 1.4 });
  });
  $("bn-zoom-raus").addEventListener("click", function () {
    network.moveTo({ scale: network.getScale() / 1.4 });
  });
  $("bn-zoom-alles").addEventListener("click", function () { network.fit(); });

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
      zeile.appendChild(el("span", "bn-anzahl", "(" + eintrag[2] + ")"));
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
      if (g.ohne.anzahl || g.ohne.anzahl_netzwerke) {
        box.appendChild(el("p", "bn-hinweis",
          g.ohne.anzahl + " Akteure ohne Ortsangabe" +
          (g.ohne.anzahl_netzwerke ? " und " + g.ohne.anzahl_netzwerke + " Netzwerke ohne verortete Mitglieder" : "") +
          " stehen in der Reihe unten („ohne Ortsangabe“)."));
      }
      if (g.pseudonyme) {
        box.appendChild(el("p", "bn-hinweis", g.pseudonyme +
          " Akteure ohne Einwilligung zur Nennung erscheinen unter Pseudonym in der Mitte ihres Landkreises."));
      }
    } else {
      box.appendChild(el("p", "bn-hinweis",
        "Netzwerk-Layout: eng verbundene Akteure stehen nah beieinander; die Position ist fest berechnet."));
    }
    D.hinweise.forEach(function (h) { box.appendChild(el("p", "bn-hinweis", h)); });
  }

  // ---------------------------------------------------------------- details / tooltip
  function zeile(dl, titel, wert) {
    if (wert === undefined || wert === null || wert === "") { return; }
    dl.appendChild(el("dt", null, titel));
    dl.appendChild(el("dd", null, wert));
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
    if (indices.length > grenze) { ul.appendChild(el("li", null, "… und " + (indices.length - grenze) + " weitere")); }
    return ul;
  }
  function steckbrief(x, ausfuehrlich) {
    var k = K[x], box = el("div", "bn-steckbrief"), dl = el("dl");
    if (k.t === "a") {
      box.appendChild(el("div", "bn-art", "Akteur" + (k.kat ? " · " + k.kat : "")));
      box.appendChild(el("h3", null, k.name));
      zeile(dl, "Ort", k.ort);
      zeile(dl, "Landkreis", k.lk ? k.lk + (k.bl ? " (" + k.bl + ")" : "") : "");
      zeile(dl, "Ebene", k.ebene);
      zeile(dl, "Raum", k.raum);
      D.masse.forEach(function (m) {
        if (k.werte[m[0]] === undefined) { return; }
        var r = k.raenge[m[0]];
        zeile(dl, m[1].replace(/ \(.*\)$/, ""), k.werte[m[0]] + (r ? "  (Rang " + r + " von " + D.anzahl.akteure + ")" : ""));
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
        box.appendChild(el("div", "bn-legende-titel", "Netzwerke (" + k.netze.length + ")"));
        box.appendChild(knopfListe(k.netze, ausfuehrlich, function (j) {
          var r = k.rollen[k.netze.indexOf(j)];
          return NETZE[j].name + (r && r !== "Mitglied" ? " – " + r : "");
        }, function (j) { return netzKnoten[j]; }));
      }
    } else {
      var n = NETZE[k.n];
      box.appendChild(el("div", "bn-art", "Netzwerk" + (n.typ ? " · " + n.typ : "")));
      box.appendChild(el("h3", null, n.name));
      zeile(dl, "Landkreis", n.lk);
      zeile(dl, "Themen", n.themen.join(", "));
      zeile(dl, "Zielgruppen", n.zg.join(", "));
      zeile(dl, "Koordination", n.koord !== null && n.koord !== undefined ? name(n.koord) : "");
      zeile(dl, "Mitglieder", String(n.mitglieder.length));
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
  }
  $("bn-info-zu").addEventListener("click", function () {
    network.unselectAll(); zeigeInfo(null); setzeFokus(null);
  });

  var tip = $("bn-tooltip");
  function versteckeTip() { tip.hidden = true; }
  network.on("hoverNode", function (p) {
    var x = index[p.node];
    if (x === undefined) { return; }
    tip.textContent = "";
    tip.appendChild(steckbrief(x, false));
    tip.hidden = false;
    var w = container.clientWidth, h = container.clientHeight;
    var px = p.pointer.DOM.x + 14, py = p.pointer.DOM.y + 14;
    var tw = tip.offsetWidth, th = tip.offsetHeight;
    if (px + tw > w) { px = Math.max(4, p.pointer.DOM.x - tw - 14); }
    if (py + th > h) { py = Math.max(4, h - th - 4); }
    tip.style.left = px + "px"; tip.style.top = py + "px";
  });
  network.on("blurNode", versteckeTip);
  network.on("dragStart", versteckeTip);
  network.on("zoom", versteckeTip);
  network.on("selectNode", function (p) { zeigeInfo(index[p.nodes[0]]); setzeFokus(index[p.nodes[0]]); });
  network.on("deselectNode", function () { zeigeInfo(null); setzeFokus(null); });

  // ---------------------------------------------------------------- canvas overlays (geo)
  network.on("beforeDrawing", function (ctx) {
    if (zustand.layout !== "geo") { return; }
    var g = D.geo;
    ctx.save();
    ctx.textAlign = "center";
    ctx.textBaseline = "middle";
    ctx.font = "600 " + g.schrift + "px sans-serif";
    ctx.fillStyle = "rgba(50, 50, 50, 0.38)";
    g.landkreise.forEach(function (l) { ctx.fillText(l[0], l[1], l[2]); });
    if (g.ohne.anzahl || g.ohne.anzahl_netzwerke) {
      ctx.textAlign = "left";
      ctx.font = "600 " + Math.round(g.schrift * 0.6) + "px sans-serif";
      ctx.fillStyle = "rgba(60, 60, 60, 0.75)";
      ctx.fillText("ohne Ortsangabe (" + (g.ohne.anzahl + g.ohne.anzahl_netzwerke) + ")", g.ohne.x, g.ohne.y);
      ctx.strokeStyle = "rgba(60, 60, 60, 0.35)";
      ctx.setLineDash([8, 8]);
      ctx.beginPath();
      ctx.moveTo(g.ohne.x, g.ohne.y + g.schrift * 0.45);
      ctx.lineTo(g.ohne.x + Math.max(g.ohne.breite, 200), g.ohne.y + g.schrift * 0.45);
      ctx.stroke();
    }
    ctx.restore();
  });

  // ---------------------------------------------------------------- search
  var sortiert = [];
  for (i = 0; i < N; i++) { sortiert.push(i); }
  sortiert.sort(function (a, b) { return name(a).localeCompare(name(b), "de"); });
  var liste = $("bn-namen");
  var frag = document.createDocumentFragment();
  sortiert.forEach(function (x) {
    var o = document.createElement("option");
    o.value = name(x);
    o.label = K[x].t === "a" ? "Akteur" : "Netzwerk";
    frag.appendChild(o);
  });
  liste.appendChild(frag);

  function norm(s) { return String(s).trim().toLocaleLowerCase("de"); }
  function exakt(text) {
    var q = norm(text);
    if (!q) { return -1; }
    for (var j = 0; j < sortiert.length; j++) { if (norm(name(sortiert[j])) === q) { return sortiert[j]; } }
    return -1;
  }
  function finde(text) {
    var q = norm(text), j;
    if (!q) { return -1; }
    var x = exakt(text);
    if (x >= 0) { return x; }
    for (j = 0; j < sortiert.length; j++) { if (norm(name(sortiert[j])).indexOf(q) === 0) { return sortiert[j]; } }
    for (j = 0; j < sortiert.length; j++) { if (norm(name(sortiert[j])).indexOf(q) >= 0) { return sortiert[j]; } }
    return -1;
  }
  function suchStatus(text, warnung) {
    var s = $("bn-suche-status");
    s.textContent = text;
    s.className = "bn-status" + (warnung ? " bn-warnung" : "");
  }
  function waehle(x, ausListe) {
    if (x === undefined || x === null || x < 0) { return; }
    var k = K[x];
    var versteckt = !letzteSicht[x] || (k.t === "n" && !zustand.netzwerkeZeigen);
    if (versteckt) {
      filterZuruecksetzen();
      suchStatus("Filter zurückgesetzt, damit „" + k.name + "“ sichtbar ist.", true);
    } else {
      suchStatus(ausListe ? "" : "Gefunden: " + k.name, false);
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
  eingabe.addEventListener("input", function () {
    var x = exakt(eingabe.value);       // choosing from the list gives the exact name
    if (x >= 0) { waehle(x, false); }
  });
  eingabe.addEventListener("keydown", function (e) {
    if (e.key === "Enter") { e.preventDefault(); sucheNach(eingabe.value); }
  });
  $("bn-suche-los").addEventListener("click", function () { sucheNach(eingabe.value); });
  api.suche = function (text) {
    var x = sucheNach(text);
    return x >= 0 ? K[x].id : null;
  };

  // ---------------------------------------------------------------- labels by zoom
  // Font sizes are set relative to the overview scale s0: the labels of the top actors and
  // networks are ~12.5 px at the overview, all others 8 px and therefore below vis-network's
  // drawThreshold (12 px) until the reader zooms in about 1.5 times.
  var s0 = 1;
  function labelSchwelle() { s0 = network.getScale() || 1; }
  function schriftGroesse(x) {
    var gross = D.schrift[zustand.groesse][x] >= D.label.gross;
    return (gross ? 12.5 : 8) / s0;
  }

  // ---------------------------------------------------------------- start
  network.fit();
  labelSchwelle();
  aktualisieren(false);
  legende();
  zeigeInfo(null);
}());
