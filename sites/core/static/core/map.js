/* The map beside a listing (sites/core/maps.py builds its data from the list's own items).
 * Progressive enhancement: the box stays hidden unless Leaflet and the data are here, and
 * nothing on the page depends on the tiles loading. Every marker is focusable (Leaflet's
 * keyboard option), has a text alternative and opens a popup with links to the items. */
(function () {
    "use strict";
    var box = document.querySelector("[data-listing-map]");
    var data = document.getElementById("listing-map-data");
    if (!box || !data || !window.L) {
        return;
    }
    var spots = JSON.parse(data.textContent);
    if (!spots.length) {
        return;
    }
    var canvas = box.querySelector(".listing-map__canvas");
    box.hidden = false;

    function popupFor(spot) {
        var content = document.createElement("div");
        var heading = document.createElement("p");
        var strong = document.createElement("strong");
        strong.textContent = spot.label;
        heading.appendChild(strong);
        content.appendChild(heading);
        if (spot.area) {
            var note = document.createElement("p");
            note.textContent = canvas.dataset.areaWords;
            content.appendChild(note);
        }
        var list = document.createElement("ul");
        spot.items.forEach(function (item) {
            var entry = document.createElement("li");
            var link = document.createElement("a");
            link.href = item.url;
            link.textContent = item.title;
            entry.appendChild(link);
            list.appendChild(entry);
        });
        content.appendChild(list);
        return content;
    }

    function textFor(spot) {
        return spot.label + ": " + spot.items.map(function (item) { return item.title; }).join(", ");
    }

    var map = L.map(canvas, { keyboard: true, scrollWheelZoom: false });
    var attribution = document.createElement("a");
    attribution.href = canvas.dataset.attributionUrl;
    attribution.textContent = canvas.dataset.attribution;
    var tiles = L.tileLayer(canvas.dataset.tiles, {
        attribution: attribution.outerHTML,
        maxZoom: 19
    });
    var warned = false;
    tiles.on("tileerror", function () {
        if (warned) {
            return;
        }
        warned = true;
        var note = document.createElement("p");
        note.className = "listing-map__failed";
        note.setAttribute("role", "status");
        note.textContent = canvas.dataset.tilesFailed;
        box.insertBefore(note, canvas);
    });
    tiles.addTo(map);

    var icon = L.icon({
        iconUrl: canvas.dataset.icon,
        iconRetinaUrl: canvas.dataset.iconRetina,
        shadowUrl: canvas.dataset.shadow,
        iconSize: [25, 41],
        iconAnchor: [12, 41],
        popupAnchor: [1, -34],
        shadowSize: [41, 41]
    });
    var bounds = L.latLngBounds([]);
    spots.forEach(function (spot) {
        var at = [spot.lat, spot.lon];
        var text = textFor(spot);
        if (spot.area) {
            // A postcode district, never a point: a circle, made focusable like a marker.
            var circle = L.circle(at, { radius: spot.radius, weight: 2 }).addTo(map);
            circle.bindPopup(popupFor(spot));
            var shape = circle.getElement();
            if (shape) {
                shape.setAttribute("tabindex", "0");
                shape.setAttribute("role", "button");
                shape.setAttribute("aria-label", text);
                shape.addEventListener("keydown", function (event) {
                    if (event.key === "Enter" || event.key === " ") {
                        event.preventDefault();
                        circle.openPopup();
                    }
                });
            }
            bounds.extend(circle.getBounds());
        } else {
            L.marker(at, { icon: icon, keyboard: true, title: text, alt: text })
                .addTo(map)
                .bindPopup(popupFor(spot));
            bounds.extend(at);
        }
    });
    map.fitBounds(bounds, { padding: [24, 24], maxZoom: 15 });
}());
