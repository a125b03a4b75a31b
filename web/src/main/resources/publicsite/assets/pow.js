// The report form's proof of work (docs/tips.md): finds a decimal nonce N such that SHA-256 of
// challenge + ":" + N has data-pow-bits leading zero bits, with the browser's own crypto.subtle,
// and puts it in the hidden "pow" field. Nothing leaves the page but the form itself. Without
// crypto.subtle (no JavaScript, or a page not served over HTTPS or from loopback) the question is
// answered instead.
(function () {
  'use strict';
  var form = document.getElementById('report-form');
  if (!form || !window.crypto || !window.crypto.subtle || !window.TextEncoder) {
    return;
  }
  var bits = parseInt(form.getAttribute('data-pow-bits'), 10) || 0;
  var challenge = form.elements.challenge.value;
  var powField = form.elements.pow;
  var status = document.getElementById('pow-status');
  var question = document.getElementById('question-field');
  var encoder = new TextEncoder();
  var done = false;
  var submitWhenDone = false;

  function zeroBits(buffer) {
    var bytes = new Uint8Array(buffer);
    var n = 0;
    for (var i = 0; i < bytes.length; i++) {
      if (bytes[i] === 0) { n += 8; continue; }
      var b = bytes[i];
      while ((b & 0x80) === 0) { n++; b <<= 1; }
      return n;
    }
    return n;
  }

  function finish(nonce) {
    powField.value = String(nonce);
    done = true;
    status.textContent = status.getAttribute('data-done');
    question.hidden = true;
    if (submitWhenDone) {
      form.submit();
    }
  }

  function batch(start) {
    var size = 512;
    var work = [];
    for (var i = 0; i < size; i++) {
      work.push(crypto.subtle.digest('SHA-256', encoder.encode(challenge + ':' + (start + i))));
    }
    return Promise.all(work).then(function (hashes) {
      for (var j = 0; j < hashes.length; j++) {
        if (zeroBits(hashes[j]) >= bits) {
          finish(start + j);
          return;
        }
      }
      return batch(start + size);
    });
  }

  form.addEventListener('submit', function (event) {
    var answered = form.elements.answer.value.trim() !== '';
    if (!done && !answered) {
      event.preventDefault();
      submitWhenDone = true;
    }
  });
  status.hidden = false;
  status.textContent = status.getAttribute('data-working');
  batch(0).catch(function () {
    status.hidden = true; // the question stays: it is the way without the work
  });
})();
