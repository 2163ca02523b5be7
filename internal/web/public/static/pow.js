// The proof of work the public forms ask for when the site is busy: find a
// counter whose SHA-256 over "challenge:counter" starts with the asked
// number of zero bits, then send the form. Nothing else runs on this site.
(function () {
  "use strict";
  var form = document.querySelector("form[data-pow]");
  if (!form || !window.crypto || !window.crypto.subtle || !window.TextEncoder) {
    return;
  }
  document.documentElement.className += " js";
  var challenge = form.getAttribute("data-pow");
  var bits = parseInt(challenge.split(".")[3], 10);
  var enc = new TextEncoder();

  function zeroBits(buf) {
    var b = new Uint8Array(buf), n = 0;
    for (var i = 0; i < b.length; i++) {
      if (b[i] === 0) { n += 8; continue; }
      for (var m = 0x80; m && !(b[i] & m); m >>= 1) { n++; }
      return n;
    }
    return n;
  }

  function solve(counter) {
    // Hash in batches so the page stays responsive.
    var batch = [];
    for (var i = 0; i < 256; i++) {
      batch.push(crypto.subtle.digest("SHA-256", enc.encode(challenge + ":" + (counter + i))));
    }
    return Promise.all(batch).then(function (sums) {
      for (var j = 0; j < sums.length; j++) {
        if (zeroBits(sums[j]) >= bits) { return counter + j; }
      }
      return solve(counter + batch.length);
    });
  }

  var solution = solve(0);
  form.addEventListener("submit", function (ev) {
    var field = form.querySelector("input[name=pow_solution]");
    if (field.value) { return; }
    ev.preventDefault();
    solution.then(function (n) { field.value = String(n); form.submit(); });
  });
  var email = form.querySelector("input[name=email]");
  if (email && email.value) {
    solution.then(function (n) {
      form.querySelector("input[name=pow_solution]").value = String(n);
      form.submit();
    });
  }
})();
