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

    function popupFor(group) {
        var content = document.createElement("div");
        group.forEach(function (spot) {
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
        });
        return content;
    }

    // The marker's text alternative: each place and what is listed there.
    function textFor(group) {
        return group.map(function (spot) {
            return spot.label + ": " + spot.items.map(function (item) { return item.title; }).join(", ");
        }).join("; ");
    }

    // The view first, from the data alone (a district is its circle's box), so every
    // layer below is drawn, and can be given its keyboard attributes, as it is added.
    var bounds = L.latLngBounds([]);
    spots.forEach(function (spot) {
        var at = L.latLng(spot.lat, spot.lon);
        bounds.extend(spot.area ? at.toBounds(spot.radius * 2) : at);
    });
    var map = L.map(canvas, { keyboard: true, scrollWheelZoom: false });
    map.fitBounds(bounds, { padding: [24, 24], maxZoom: 15 });

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

    // Districts: a circle, never a point, made focusable and named like a marker.
    spots.filter(function (spot) { return spot.area; }).forEach(function (spot) {
        var circle = L.circle([spot.lat, spot.lon], { radius: spot.radius, weight: 2 }).addTo(map);
        circle.bindPopup(popupFor([spot]));
        var shape = circle.getElement();
        shape.setAttribute("tabindex", "0");
        shape.setAttribute("role", "button");
        shape.setAttribute("aria-label", textFor([spot]));
        shape.addEventListener("keydown", function (event) {
            if (event.key === "Enter" || event.key === " ") {
                event.preventDefault();
                circle.openPopup();
            }
        });
    });

    // Places: one marker for places too close to tell apart (or to press) at this zoom.
    var groups = [];
    spots.filter(function (spot) { return !spot.area; }).forEach(function (spot) {
        var point = map.latLngToLayerPoint([spot.lat, spot.lon]);
        var near = groups.find(function (group) {
            return Math.abs(group.point.x - point.x) < 30 && Math.abs(group.point.y - point.y) < 45;
        });
        if (near) {
            near.spots.push(spot);
        } else {
            groups.push({ point: point, spots: [spot] });
        }
    });
    var icon = L.icon({
        iconUrl: canvas.dataset.icon,
        iconRetinaUrl: canvas.dataset.iconRetina,
        shadowUrl: canvas.dataset.shadow,
        iconSize: [25, 41],
        iconAnchor: [12, 41],
        popupAnchor: [1, -34],
        shadowSize: [41, 41]
    });
    groups.forEach(function (group) {
        var first = group.spots[0];
        var text = textFor(group.spots);
        L.marker([first.lat, first.lon], { icon: icon, keyboard: true, title: text, alt: text })
            .addTo(map)
            .bindPopup(popupFor(group.spots));
    });
}());
