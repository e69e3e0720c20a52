// The status page's behaviour: open a file's rows, replay parked rows after a confirmation, and
// refresh the page while nothing is open. Data is inserted as text, never as HTML.
(function () {
  'use strict';
  var detail = document.getElementById('detail');
  var busy = false;
  // This session's anti-forgery token: sent as a header with every request that changes something.
  // The server never takes it from a form field or the URL, and another site cannot read this page.
  var csrfMeta = document.querySelector('meta[name="jamsos-csrf"]');
  var csrf = csrfMeta ? csrfMeta.getAttribute('content') : '';

  function post(url, confirm) {
    return fetch(url, {
      method: 'POST', credentials: 'same-origin',
      headers: { 'X-Jamsos-Confirm': confirm, 'X-Jamsos-CSRF': csrf }
    });
  }

  function el(tag, text, cls) {
    var e = document.createElement(tag);
    if (text !== undefined && text !== null) { e.textContent = String(text); }
    if (cls) { e.className = cls; }
    return e;
  }

  function flash(text, cls) {
    var f = document.getElementById('flash');
    if (!f) {
      f = el('div', '', 'flash');
      f.id = 'flash';
      document.body.insertBefore(f, document.body.firstChild);
    }
    f.textContent = text;
    f.className = 'flash ' + (cls || '');
  }

  function rowsTable(title, rows, limit) {
    var box = el('div');
    box.appendChild(el('h3', title + ' (' + rows.length + (rows.length >= limit ? '+' : '') + ')'));
    if (rows.length === 0) { box.appendChild(el('p', 'none', 'muted')); return box; }
    var t = el('table');
    var head = el('tr');
    ['row', 'NIK', 'name', 'reasons'].forEach(function (h) { head.appendChild(el('th', h)); });
    t.appendChild(head);
    rows.forEach(function (r) {
      var tr = el('tr');
      tr.appendChild(el('td', r.row, 'num'));
      tr.appendChild(el('td', r.nik));
      tr.appendChild(el('td', r.name));
      tr.appendChild(el('td', r.reasons.join('; ')));
      t.appendChild(tr);
    });
    box.appendChild(t);
    return box;
  }

  function openFile(id) {
    busy = true;
    fetch('/ops/api/files/' + encodeURIComponent(id) + '/rows', { credentials: 'same-origin' })
      .then(function (r) { if (!r.ok) { throw new Error('HTTP ' + r.status); } return r.json(); })
      .then(function (f) {
        detail.textContent = '';
        var close = el('button', 'Close', 'close');
        close.addEventListener('click', function () { detail.hidden = true; busy = false; });
        detail.appendChild(close);
        detail.appendChild(el('h2', 'File ' + f.id + ': ' + f.name + ' (' + f.agency + ', ' + f.state + ')'));
        if (f.error) { detail.appendChild(el('p', f.error, 'error')); }
        detail.appendChild(rowsTable('Rejected rows', f.rejected, f.limit));
        detail.appendChild(rowsTable('Refused by BPJS', f.refused, f.limit));
        detail.appendChild(rowsTable('Parked rows', f.parked, f.limit));
        detail.hidden = false;
      })
      .catch(function (e) { busy = false; flash('Could not load file ' + id + ': ' + e.message, 'error'); });
  }

  function replay(button) {
    var id = button.getAttribute('data-file-id');
    var n = button.getAttribute('data-parked');
    if (!window.confirm('Replay ' + n + ' parked rows of file ' + id + '? They are sent to BPJS again.')) { return; }
    busy = true;
    button.disabled = true;
    post('/ops/files/' + encodeURIComponent(id) + '/replay', 'replay')
      .then(function (r) { return r.json().then(function (b) { return { ok: r.ok, body: b }; }); })
      .then(function (r) {
        flash(r.ok ? r.body.message : 'Replay refused: ' + r.body.error, r.ok ? 'ok' : 'error');
        busy = false;
      })
      .catch(function (e) { busy = false; button.disabled = false; flash('Replay failed: ' + e.message, 'error'); });
  }

  function logout() {
    busy = true;
    post('/ops/logout', 'logout')
      .then(function (r) {
        if (!r.ok) { throw new Error('HTTP ' + r.status); }
        window.location.assign('/ops/login');
      })
      .catch(function (e) { busy = false; flash('Logout failed: ' + e.message, 'error'); });
  }

  document.addEventListener('click', function (ev) {
    if (ev.target.id === 'logout') { logout(); return; }
    var button = ev.target.closest('button.replay');
    if (button) { ev.stopPropagation(); replay(button); return; }
    var row = ev.target.closest('tr.file');
    if (row) { openFile(row.getAttribute('data-file-id')); }
  });
  document.addEventListener('keydown', function (ev) {
    var row = ev.target.closest && ev.target.closest('tr.file');
    if (row && ev.key === 'Enter') { openFile(row.getAttribute('data-file-id')); }
  });

  // Counts and progress bars come from the server: reload while the operator is not reading a file.
  window.setInterval(function () { if (!busy && detail.hidden) { window.location.reload(); } }, 10000);
}());
