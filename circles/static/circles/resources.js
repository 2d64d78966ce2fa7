// Resource search and resource pages: optional extras; everything works without them.
(function () {
  "use strict";

  // "Use my location": asked only when the person presses the button.
  var locate = document.getElementById("use-location");
  if (locate && "geolocation" in navigator) {
    locate.hidden = false;
    locate.addEventListener("click", function () {
      var status = document.getElementById("location-status");
      status.textContent = locate.dataset.asking || "";
      navigator.geolocation.getCurrentPosition(
        function (position) {
          // Two decimals (about half a mile) is enough to sort by distance.
          document.getElementById("id_lat").value = position.coords.latitude.toFixed(2);
          document.getElementById("id_lon").value = position.coords.longitude.toFixed(2);
          document.getElementById("id_near").value = "";
          locate.form.requestSubmit ? locate.form.requestSubmit() : locate.form.submit();
        },
        function () {
          status.textContent = locate.dataset.refused || "";
        },
        { maximumAge: 600000, timeout: 15000 }
      );
    });
  }

  // A print button where the browser can print; the page has a print layout either way.
  var print = document.getElementById("print-page");
  if (print && window.print) {
    print.hidden = false;
    print.addEventListener("click", function () { window.print(); });
  }
})();
