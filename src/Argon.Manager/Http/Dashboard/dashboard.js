// The Argon manager dashboard: polls /api/status once a second and draws it. No libraries, no build step.
'use strict';
(function () {
  const pollMs = 1000;
  const $ = (id) => document.getElementById(id);

  // With --http-token-file the page is opened as /#token=TOKEN: a URL fragment never leaves the browser. The token is
  // kept for this tab (sessionStorage) and taken out of the address bar, then sent as a bearer header on each poll.
  const token = (function () {
    const match = /(?:^#|&)token=([^&]*)/.exec(location.hash);
    if (match) {
      sessionStorage.setItem('argon-token', decodeURIComponent(match[1]));
      history.replaceState(null, '', location.pathname + location.search);
    }
    return sessionStorage.getItem('argon-token');
  })();

  // A duration in its two largest units, as `argon status` prints it: "32 s", "5 m 12 s", "2 h 3 m", "4 d 7 h".
  function duration(seconds) {
    seconds = Math.max(0, Math.floor(seconds));
    const d = Math.floor(seconds / 86400), h = Math.floor(seconds / 3600) % 24, m = Math.floor(seconds / 60) % 60, s = seconds % 60;
    const two = (a, au, b, bu) => a + ' ' + au + (b ? ' ' + b + ' ' + bu : '');
    return d ? two(d, 'd', h, 'h') : h ? two(h, 'h', m, 'm') : m ? two(m, 'm', s, 's') : s + ' s';
  }

  function clock(time) {
    return new Date(time).toLocaleTimeString('en-GB', { hour: '2-digit', minute: '2-digit', second: '2-digit' });
  }

  function number(value, digits) {
    return Number(value).toLocaleString('en-US', { maximumFractionDigits: digits || 0 });
  }

  // Rows are built with textContent only: node names and error messages are never parsed as HTML. Each cell carries
  // its column's name (data-label), which narrow screens show beside it instead of the header row.
  function fillTable(table, rows, emptyText, columns) {
    const labels = Array.from(table.tHead.rows[0].cells, (th) => th.textContent);
    const body = table.tBodies[0];
    body.replaceChildren();
    if (rows.length === 0) {
      const tr = body.insertRow();
      tr.className = 'empty';
      const td = tr.insertCell();
      td.colSpan = columns;
      td.textContent = emptyText;
      return;
    }
    for (const cells of rows) {
      const tr = body.insertRow();
      if (cells.rowClass) tr.className = cells.rowClass;
      if (cells.node) tr.dataset.node = cells.node;
      cells.forEach((cell, i) => {
        const td = tr.insertCell();
        td.textContent = cell.text;
        td.dataset.label = labels[i] || '';
        if (cell.num) td.className = 'num';
        if (cell.className) td.className = cell.className;
        if (cell.title) td.title = cell.title;
      });
    }
  }

  // A line chart of `series` over `history` (samples with a time in ms), with its time axis below it in `axis`:
  // five clock times from the first sample to the last, with a faint vertical line at each.
  function chart(svg, axis, series, history) {
    const ns = 'http://www.w3.org/2000/svg';
    const width = 600, height = 160, top = 12, bottom = 148;
    svg.replaceChildren();
    const max = Math.max(1, ...series.flatMap((s) => history.map(s.value)));
    for (const fraction of [0, 0.5, 1]) {
      const y = bottom - fraction * (bottom - top);
      const line = document.createElementNS(ns, 'line');
      line.setAttribute('class', 'grid');
      line.setAttribute('x1', 0); line.setAttribute('x2', width); line.setAttribute('y1', y); line.setAttribute('y2', y);
      svg.appendChild(line);
      const label = document.createElementNS(ns, 'text');
      label.setAttribute('class', 'label');
      label.setAttribute('x', 4); label.setAttribute('y', y - 2);
      label.textContent = number(max * fraction, max < 10 ? 1 : 0);
      svg.appendChild(label);
    }
    axis.replaceChildren();
    if (history.length < 2) return;
    const t0 = history[0].time, span = Math.max(1, history[history.length - 1].time - t0);
    for (let k = 0; k <= 4; k++) {
      const x = (k / 4) * width;
      const tick = document.createElementNS(ns, 'line');
      tick.setAttribute('class', 'grid');
      tick.setAttribute('x1', x); tick.setAttribute('x2', x); tick.setAttribute('y1', top); tick.setAttribute('y2', bottom);
      svg.appendChild(tick);
      const label = document.createElement('span');
      label.textContent = clock(t0 + (k / 4) * span);
      axis.appendChild(label);
    }
    series.forEach((s, i) => {
      const points = history.map((h) => {
        const x = ((h.time - t0) / span) * width;
        const y = bottom - (s.value(h) / max) * (bottom - top);
        return x.toFixed(1) + ',' + y.toFixed(1);
      });
      const line = document.createElementNS(ns, 'polyline');
      line.setAttribute('class', 'series s' + i);
      line.setAttribute('points', points.join(' '));
      svg.appendChild(line);
    });
  }

  // One card per peer manager: its endpoint, how many workers reach it, and a state in words (not colour alone).
  // Hidden when no worker reports a peer: this manager's workers serve only it.
  const peerStates = { all: 'reachable: all workers reach it', some: 'partly reachable: some workers reach it', none: 'unreachable: no worker reaches it' };
  function renderPeers(peers) {
    $('peers-section').hidden = peers.length === 0;
    const list = $('peers');
    list.replaceChildren();
    for (const p of peers) {
      const item = document.createElement('li');
      item.className = 'peer ' + p.state;
      item.dataset.endpoint = p.endpoint;
      const endpoint = document.createElement('div');
      endpoint.className = 'endpoint';
      endpoint.textContent = p.endpoint;
      const state = document.createElement('div');
      state.className = 'peer-state';
      state.textContent = peerStates[p.state] || p.state;
      const reach = document.createElement('div');
      reach.className = 'detail reach';
      reach.textContent = 'reached by ' + number(p.reachableBy) + ' of ' + number(p.reportedBy) + ' worker' + (p.reportedBy === 1 ? '' : 's') +
        ', changed ' + duration(p.sinceChangeSeconds) + ' ago';
      item.append(endpoint, state, reach);
      list.appendChild(item);
    }
  }

  function render(status) {
    $('node').textContent = status.node;
    $('version').textContent = 'v' + status.version;
    $('uptime').textContent = 'up ' + duration(status.uptimeSeconds);
    $('worker-count').textContent = number(status.workers.length);
    // Busy executors: a worker's in-flight count includes the few tasks prefetched beyond its capacity.
    const busy = status.workers.reduce((sum, w) => sum + Math.min(w.inFlight, w.capacity), 0);
    $('capacity-in-use').textContent = number(busy) + ' / ' + number(status.capacity);
    $('capacity-bar').style.width = (status.capacity ? (100 * busy) / status.capacity : 0) + '%';
    $('in-flight-detail').textContent = number(status.inFlight) + ' in flight, ' + number(status.inFlight - busy) + ' prefetched';
    $('queue-depth').textContent = number(status.queue.depth) + ' / ' + number(status.queue.limit);
    $('queue-detail').textContent = 'high ' + status.queue.high + ', normal ' + status.queue.normal + ', low ' + status.queue.low;
    $('throughput').textContent = number(status.throughput, 1);
    const t = status.tasks;
    $('task-counts').textContent = 'submitted ' + number(t.submitted) + ', completed ' + number(t.completed) +
      ', failed ' + number(t.failed) + ', denied ' + number(t.denied);
    const now = Date.now();
    const live = status.workers.map((w) => Object.assign([
      { text: w.node }, { text: 'registered', className: 'state' }, { text: w.address }, { text: number(w.capacity), num: true },
      { text: number(w.inFlight), num: true }, { text: number(w.averageTaskMs, 1) + ' ms', num: true }, { text: number(w.completed), num: true },
      { text: duration(w.uptimeSeconds), num: true },
    ], { node: w.node }));
    // Workers that went away in the last few minutes, kept in view as lost (or left) with when and why.
    const lost = (status.lostWorkers || []).map((w) => Object.assign([
      { text: w.node }, { text: (w.left ? 'left ' : 'lost ') + duration((now - Date.parse(w.lostAt)) / 1000) + ' ago (' + w.reason + ')', className: 'state' },
      { text: w.address }, { text: number(w.capacity), num: true }, { text: '–', num: true }, { text: '–', num: true }, { text: '–', num: true },
      { text: '–', num: true },
    ], { node: w.node, rowClass: w.left ? 'left' : 'lost' }));
    fillTable($('workers-table'), live.concat(lost), 'no worker registered', 8);
    fillTable($('errors-table'), status.errors.map((e) => [
      { text: clock(e.time), title: 'first seen ' + new Date(e.firstTime).toLocaleString() }, { text: '× ' + number(e.count), num: true },
      { text: e.status }, { text: e.task || '' }, { text: e.type || '' }, { text: e.message }, { text: e.node || '' },
    ]), 'no errors', 7);
    renderPeers(status.peers || []);
    const seconds = status.history.length > 1 ? Math.round((status.history[status.history.length - 1].time - status.history[0].time) / 1000) : 0;
    for (const span of document.querySelectorAll('.span-time')) span.textContent = seconds < 120 ? seconds + ' s' : Math.round(seconds / 60) + ' min';
    chart($('throughput-chart'), $('throughput-axis'), [{ value: (h) => h.throughput }], status.history);
    chart($('queue-chart'), $('queue-axis'), [{ value: (h) => h.queued }, { value: (h) => h.inFlight }], status.history);
  }

  async function poll() {
    const state = $('connection');
    try {
      const headers = token ? { Authorization: 'Bearer ' + token } : {};
      const response = await fetch('api/status', { cache: 'no-store', headers: headers });
      if (response.status === 401) throw new Error('this manager needs its token: open the page as /#token=TOKEN');
      if (!response.ok) throw new Error('HTTP ' + response.status);
      render(await response.json());
      state.textContent = 'live';
      state.className = 'state live';
      document.body.dataset.updated = String(Date.now());
    } catch (error) {
      state.textContent = 'cannot reach the manager (' + error.message + ')';
      state.className = 'state down';
    } finally {
      setTimeout(poll, pollMs);
    }
  }

  poll();
})();
