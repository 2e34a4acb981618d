// Tandem's boot dashboard: one EventSource on /events, one row per MAC.
// Every value from the network goes into the page as text (textContent), never as HTML.
'use strict';

(function () {
  const STATES = ['failed', 'stalled', 'seen-not-served', 'booting', 'done'];
  const STATE_ICONS = { booting: '\u25D0', done: '\u2713', stalled: '\u25F7', failed: '\u2717', 'seen-not-served': '\u2298' };
  const STATE_WORDS = { booting: 'booting', done: 'done', stalled: 'stalled', failed: 'failed', 'seen-not-served': 'seen, not served' };
  // The stage a machine is in once it has reached each rank, firmware first; rank 5 is the OS up.
  const STAGES = ['firmware', 'PXE', 'iPXE', 'HTTP boot', 'OS', 'OS up'];
  const PAGE = 500;

  const params = new URLSearchParams(location.search);
  // dhcp6d's events.dashboard, from /dashboard/settings.json at each connection; ?stall= overrides.
  let settings = null;
  const stallOverride = Number(params.get('stall')) > 0 ? Number(params.get('stall')) : 0;
  const view = {
    query: params.get('q') || '',
    states: new Set((params.get('state') || '').split(',').filter((s) => STATES.includes(s))),
    sort: params.get('sort') || 'seen',
    descending: params.get('dir') !== 'asc',
    frozen: false,
  };

  /** mac -> { events: [...], summary: cached summary or null } */
  let machines = new Map();
  /**
   * The events whose MAC was not found (event: no_mac), key -> { key, count, 'first-seen', event }:
   * a client's DUID, or a boot file's client address and name. Replaced by each snapshot.
   */
  let unattributed = new Map();
  let unattributedShown = '';
  let order = [];
  let selected = null;
  let source = null;
  let awaitingSnapshot = false;
  let frame = 0;
  const lastDraw = { at: 0, millis: 0 };
  let agoShownAt = 0;
  let limit = PAGE;
  /** mac -> { key: what its row shows, tr } */
  const rows = new Map();
  /** mac -> the stages it was the slowest machine in, among two or more shown */
  let slowest = new Map();

  const $ = (id) => document.getElementById(id);

  // ---- the model: what one MAC's events say -------------------------------------------------

  function millis(timestamp) {
    return Date.parse(String(timestamp).replace(/(\.\d{3})\d*/, '$1'));
  }

  /** The rank a stage event reaches, given the rank reached so far; -1 for an event of no stage. */
  function rankOf(name, rank) {
    switch (name) {
      case 'init': case 'firmware_init': return 0;
      case 'point_pxe_to_ipxe_over_tftp': case 'http_boot': return 1;
      case 'served_ipxe_over_tftp': return 2;
      case 'point_ipxe_to_http_boot': return 3;
      // UEFI HTTP boot's own download is its firmware stage's; iPXE's is the OS's.
      case 'served_boot_file_over_http': return rank >= 3 ? 4 : 2;
      case 'os_init': return 5;
      default: return -1;
    }
  }

  function summarize(mac, events, now) {
    const s = {
      mac, events, attempts: 0, rank: 0, milestones: [], ipv6: [], ipv4: '', duids: [], architecture: '',
      file: '', relay: '', host: '', lastSeen: 0, failure: null, notServed: '', served: false, pointedOver: '',
    };
    let attempt = null;
    for (const event of events) {
      const name = event.event;
      const at = millis(event.timestamp);
      s.lastSeen = Math.max(s.lastSeen, at || 0);
      let rank = rankOf(name, attempt ? attempt.rank : 0);
      if (name === '4o6_acked' && (!attempt || attempt.rank === 0)) {
        rank = 5;
      }
      // A machine starts over when it goes back to an earlier stage, or its firmware is pointed again.
      const startsOver = attempt && rank >= 0 && (rank < attempt.rank || (rank === 1 && attempt.rank === 1));
      if (!attempt || startsOver) {
        attempt = { rank: 0, milestones: [{ rank: 0, at, event: name }], failure: null, notServed: '', served: false };
        s.attempts++;
      }
      if (rank > attempt.rank) {
        attempt.rank = rank;
        attempt.milestones.push({ rank, at, event: name });
      }
      if (event.duid && !s.duids.includes(event.duid)) {
        s.duids.push(event.duid);
      }
      if (event.architecture) {
        s.architecture = event.architecture;
      }
      if (event.relay) {
        s.relay = event.relay;
      }
      if (event.hostname || event['vendor-class']) {
        s.host = [event.hostname, event['vendor-class']].filter(Boolean).join(' \u00B7 ');
      }
      if (name === 'point_pxe_to_ipxe_over_tftp' || name === 'http_boot' || name === 'point_ipxe_to_http_boot') {
        s.pointedOver = event.url || '';
      }
      if (name === 'served_ipxe_over_tftp' || name === 'served_boot_file_over_http') {
        const over = name === 'served_ipxe_over_tftp' ? 'TFTP' : 'HTTP';
        s.file = (event.file || '?') + ' (' + over + (event.bytes ? ', ' + Number(event.bytes).toLocaleString('en') + ' bytes' : '') + ')';
      }
      if (event.address && (name === 'bound' || name === 'renewed' || name === 'advertised')) {
        attempt.served = true;
        for (const address of event.address.split(',')) {
          if (!s.ipv6.includes(address)) {
            s.ipv6.push(address);
          }
        }
      }
      if (name === '4o6_acked' && event.address) {
        s.ipv4 = event.address;
        attempt.served = true;
      }
      const failure = failureOf(event);
      if (failure) {
        attempt.failure = failure;
      } else if (name === 'not_served') {
        attempt.notServed = event.reason || 'not served';
      } else if (rank > 0 || name === 'bound' || name === 'renewed' || name === '4o6_acked') {
        attempt.failure = null;
      }
    }
    s.rank = attempt ? attempt.rank : 0;
    s.milestones = attempt ? attempt.milestones : [];
    s.stage = s.milestones.length ? stageName(s.milestones[s.milestones.length - 1]) : STAGES[0];
    s.failure = attempt ? attempt.failure : null;
    s.notServed = attempt ? attempt.notServed : '';
    s.served = attempt ? attempt.served : false;
    refreshState(s, now);
    return s;
  }

  /** What went wrong, and what to check, for an event that means the attempt failed; null for any other. */
  function failureOf(event) {
    const file = event.file || 'the boot file';
    const bytes = event.bytes ? ' after ' + Number(event.bytes).toLocaleString('en') + ' bytes' : '';
    const why = event.reason ? ' (' + event.reason + ')' : '';
    switch (event.event) {
      case 'declined':
        return { what: 'it declined ' + (event.address || 'its address'), check: 'another host using the address.' };
      case '4o6_declined':
        return { what: 'it declined the IPv4 address ' + (event.address || ''), check: 'another host using the address, the 4o6 pool.' };
      case '4o6_naked':
        return { what: 'dhcp4o6d refused its DHCPREQUEST' + (event.address ? ' for ' + event.address : ''), check: 'the 4o6 subnet and pool of its link.' };
      case 'tftp_transfer_failed':
        switch (event.outcome) {
          case 'refused': return { what: 'TFTP refused ' + file + why, check: 'the boot file under tftp.root, its name in netboot.boot-files.' };
          case 'busy': return { what: 'TFTP was busy' + why, check: 'tftp.max-transfers against the machines booting at once.' };
          case 'timed_out': return { what: 'the TFTP download of ' + file + ' stopped' + bytes + ': the machine stopped answering', check: "the link's MTU, a firewall on TFTP's transfer ports (UDP above 1024), the machine's console." };
          case 'client_aborted': return { what: 'the machine aborted the TFTP download of ' + file + bytes + why, check: "a boot file for its architecture, the machine's console." };
          case 'superseded': return { what: 'the machine asked again before the TFTP download of ' + file + ' ended' + bytes, check: "the machine's console: a firmware that resets mid-download." };
          default: return { what: 'the TFTP server could not send ' + file + why, check: "the file's permissions under tftp.root." };
        }
      case 'http_boot_file_failed':
        return event.outcome === 'refused'
          ? { what: 'the HTTP boot file ' + file + ' was refused' + why, check: 'the file under tftp.root, http-boot-url-template or http-boot-file-urls.' }
          : { what: 'the HTTP download of ' + file + ' ended' + bytes + why, check: "the network path to dhcp6d's HTTP listener, the machine's console." };
      default:
        return null;
    }
  }

  /** What to check for a MAC that asked and got no address, by the reason dhcp6d gave. */
  function notServedCheck(reason) {
    if (reason.startsWith('no subnet')) {
      return 'a subnet6 whose relay ip-addresses or prefix hold the relay link-address, or whose interface is the one it asked on.';
    }
    if (reason.startsWith('NoAddrsAvail')) {
      return 'the pool or mac-addressing prefix of its subnet, a reservation for another DUID.';
    }
    return 'a subnet for its link or relay, the pool, how its MAC is found.';
  }

  /** A stage's name: UEFI HTTP boot firmware is pointed at its file where PXE firmware would be. */
  function stageName(milestone) {
    return milestone.event === 'http_boot' ? 'UEFI HTTP' : STAGES[milestone.rank];
  }

  /** The parts of a summary that change with the clock alone: the state and its hint. */
  function refreshState(s, now) {
    const idle = now - s.lastSeen;
    s.hint = '';
    if (s.rank === 5) {
      s.state = 'done';
    } else if (s.failure) {
      s.state = 'failed';
      s.hint = s.failure.what + '. Check: ' + s.failure.check;
    } else if (!s.served && s.rank === 0) {
      s.state = 'seen-not-served';
      s.hint = 'asked but got no address' + (s.notServed ? ' (' + s.notServed + ')' : '')
        + '. Check: ' + notServedCheck(s.notServed);
    } else if (idle > 1000 * (stallOverride || settings['stall-seconds'])) {
      s.state = 'stalled';
      s.hint = stallHint(s, idle);
    } else {
      s.state = 'booting';
    }
    s.loop = s.attempts >= settings['boot-loop-attempts'];
  }

  function stallHint(s, idle) {
    const waited = ' for ' + duration(idle) + '. Check: ';
    switch (s.rank) {
      case 1:
        return s.pointedOver.startsWith('tftp:')
          ? 'waiting for the TFTP download of ' + s.pointedOver + waited + 'the boot file under tftp.root (per MAC or shared), UDP port 69 reachable from the machine.'
          : 'waiting for the HTTP boot download of ' + s.pointedOver + waited + 'the file under tftp.root, the HTTP listener reachable from the machine.';
      case 2:
        return "waiting for iPXE's DHCPv6" + waited + "the RA's M flag on the link, iPXE built with IPv6, its user class iPXE.";
      case 3:
        return 'waiting for the HTTP boot file ' + s.pointedOver + waited + 'http-boot-url-template, the file under tftp.root/<mac>/, the HTTP listener reachable.';
      case 4:
        return "waiting for the OS's DHCPv6" + waited + "the kernel and initrd booted (console), the OS's DHCPv6 client, the RA's M flag.";
      default:
        return 'waiting for a netboot request' + waited + 'the boot order, the netboot config (vendor class, architecture), the boot file name.';
    }
  }

  function summaryOf(mac, now) {
    const machine = machines.get(mac);
    if (!machine.summary) {
      machine.summary = summarize(mac, machine.events, now);
    }
    return machine.summary;
  }

  /** Each stage of the latest attempt with its duration; the last one runs until now unless done. */
  function segments(s, now) {
    return s.milestones.map((m, i) => {
      const next = s.milestones[i + 1];
      const end = next ? next.at : (m.rank === 5 ? m.at : now);
      return { stage: stageName(m), event: m.event, rank: m.rank, millis: Math.max(0, end - m.at), running: !next && m.rank !== 5 };
    });
  }

  // ---- text -------------------------------------------------------------------------------------

  function duration(ms) {
    if (ms < 1000) {
      return Math.round(ms) + ' ms';
    }
    const seconds = Math.round(ms / 1000);
    if (seconds < 60) {
      return (ms < 10000 ? (ms / 1000).toFixed(1) : seconds) + ' s';
    }
    const minutes = Math.floor(seconds / 60);
    if (minutes < 60) {
      return minutes + 'm' + String(seconds % 60).padStart(2, '0') + 's';
    }
    return Math.floor(minutes / 60) + 'h' + String(minutes % 60).padStart(2, '0') + 'm';
  }

  function ago(at, now) {
    return at ? duration(Math.max(0, now - at)) + ' ago' : '';
  }

  function text(tag, value, className) {
    const element = document.createElement(tag);
    element.textContent = value;
    if (className) {
      element.className = className;
    }
    return element;
  }

  function stateBadge(s) {
    const badge = document.createElement('span');
    badge.className = 'state state-' + s.state;
    badge.append(text('span', STATE_ICONS[s.state], 'icon'), text('span', STATE_WORDS[s.state], 'word'));
    badge.firstChild.setAttribute('aria-hidden', 'true');
    return badge;
  }

  // ---- the stream -------------------------------------------------------------------------------

  /** The settings first (they may have changed with a reload), then the stream. */
  function connect() {
    fetch('/dashboard/settings.json', { cache: 'no-cache' })
      .then((response) => (response.ok ? response.json() : Promise.reject(new Error(String(response.status)))))
      .then((json) => {
        settings = json;
        openStream();
      }, () => {
        setConnection('reconnecting', 'reconnecting');
        setTimeout(connect, 3000);
      });
  }

  function openStream() {
    source = new EventSource('/events');
    // Every connection, the browser's own reconnects included, starts with the whole table.
    source.onopen = () => {
      awaitingSnapshot = true;
      setConnection('connecting', 'loading the snapshot');
    };
    source.onmessage = (message) => receive(JSON.parse(message.data));
    // Clients with no MAC, and boot files nobody known fetched: named messages, after the snapshot and live.
    source.addEventListener('no_mac', (message) => {
      const entry = JSON.parse(message.data);
      if (entry && entry.key && entry.event) {
        unattributed.set(entry.key, entry);
        schedule();
      }
    });
    // Events were lost because this page fell behind: take the whole table again.
    source.addEventListener('lost', () => reconnect(0));
    source.onerror = () => {
      setConnection('reconnecting', 'reconnecting');
      if (source.readyState === EventSource.CLOSED) {
        reconnect(3000);
      }
    };
  }

  function reconnect(delay) {
    source.close();
    setTimeout(connect, delay);
  }

  function receive(data) {
    if (awaitingSnapshot) {
      // The snapshot replaces everything held: after a reconnect nothing is shown twice.
      awaitingSnapshot = false;
      const fresh = new Map();
      for (const mac of Object.keys(data || {})) {
        fresh.set(mac, { events: data[mac].Events || [], summary: null });
      }
      machines = fresh;
      unattributed = new Map();
      order = order.filter((mac) => machines.has(mac));
      setConnection('live', 'live');
    } else if (data && data.mac && data.event) {
      let machine = machines.get(data.mac);
      if (!machine) {
        machine = { events: [], summary: null };
        machines.set(data.mac, machine);
      }
      machine.events.push(data.event);
      machine.summary = null;
    }
    schedule();
  }

  function setConnection(state, words) {
    const connection = $('connection');
    connection.dataset.state = state;
    $('connection-text').textContent = words;
  }

  // ---- the view ---------------------------------------------------------------------------------

  // A large table costs its time to draw: the next draw waits four times as long as the last
  // took, so that drawing never holds the page more than a fifth of the time.
  function schedule() {
    if (frame) {
      return;
    }
    const wait = Math.max(0, lastDraw.at + 4 * lastDraw.millis - performance.now());
    frame = setTimeout(() => requestAnimationFrame(() => {
      frame = 0;
      render();
    }), wait);
  }

  function matches(s) {
    if (view.states.size && !view.states.has(s.state)) {
      return false;
    }
    if (!view.query) {
      return true;
    }
    const needle = view.query.toLowerCase();
    return [s.mac, s.ipv4, s.architecture, s.file, s.relay, s.host, s.stage, s.state].concat(s.ipv6, s.duids)
      .some((value) => String(value).toLowerCase().includes(needle));
  }

  function compare(a, b) {
    let result;
    switch (view.sort) {
      case 'state': result = STATES.indexOf(a.state) - STATES.indexOf(b.state); break;
      case 'mac': result = a.mac.localeCompare(b.mac); break;
      case 'stage': result = a.rank - b.rank || a.stage.localeCompare(b.stage); break;
      case 'architecture': result = a.architecture.localeCompare(b.architecture); break;
      default: result = a.lastSeen - b.lastSeen;
    }
    return (view.descending ? -result : result) || a.mac.localeCompare(b.mac);
  }

  function shown(now) {
    const list = [];
    for (const mac of machines.keys()) {
      const s = summaryOf(mac, now);
      refreshState(s, now);
      if (matches(s)) {
        list.push(s);
      }
    }
    if (!view.frozen) {
      list.sort(compare);
      order = list.map((s) => s.mac);
      return list;
    }
    // Frozen: rows keep their places; machines new to the view go last.
    const place = new Map(order.map((mac, i) => [mac, i]));
    list.sort((a, b) => (place.has(a.mac) ? place.get(a.mac) : Infinity) - (place.has(b.mac) ? place.get(b.mac) : Infinity) || compare(a, b));
    order = list.map((s) => s.mac);
    return list;
  }

  function render() {
    const started = performance.now();
    const now = Date.now();
    const list = shown(now);
    renderSummary(now);
    renderStageTimes(list, now);
    // The table holds a page of rows at most: a browser lays out five thousand rows too slowly
    // to keep up with a live stream. Search, filters and sorting see every machine.
    const visible = list.slice(0, limit);
    renderRows(visible, now);
    $('empty').hidden = list.length > 0 || machines.size === 0;
    $('more').hidden = list.length <= limit;
    $('more').textContent = 'Show ' + Math.min(PAGE, list.length - limit) + ' more of the ' + (list.length - limit) + ' not shown';
    $('machines-caption').textContent = 'Machines, one row per MAC: ' + visible.length + ' shown'
      + (visible.length < list.length ? ' of ' + list.length + ' matching' : '') + ', ' + machines.size + ' in all';
    renderUnattributed(now);
    if (selected && machines.has(selected)) {
      renderDetail(summaryOf(selected, now), now);
    }
    lastDraw.at = performance.now();
    lastDraw.millis = lastDraw.at - started;
  }

  /**
   * The rows, redrawn only where their machine changed: a row is kept with what it shows, its
   * "last seen" text follows the clock, and the rows move only when the order changed.
   */
  function renderRows(list, now) {
    const body = $('machines').tBodies[0];
    const wanted = [];
    // "Last seen" moves with the clock, every few seconds, not at each event.
    const clock = now - agoShownAt >= 4000;
    if (clock) {
      agoShownAt = now;
    }
    for (const s of list) {
      const key = [s.state, s.loop, s.attempts, s.rank, s.ipv6.join(), s.ipv4, s.duids.join(), s.architecture,
        s.file, s.relay, s.host, s.hint, s.lastSeen, slowestIn(s.mac)].join('\u0000');
      let kept = rows.get(s.mac);
      if (!kept || kept.key !== key) {
        const tr = row(s, now);
        if (kept && kept.tr.parentNode === body) {
          kept.tr.replaceWith(tr);
        }
        kept = { key, tr };
        rows.set(s.mac, kept);
      } else if (clock) {
        const seen = kept.tr.lastChild;
        const words = ago(s.lastSeen, now);
        if (seen.textContent !== words) {
          seen.textContent = words;
        }
      }
      wanted.push(kept.tr);
    }
    // Only rows out of place move (a machine that was just seen goes to the top: one move).
    let next = body.firstChild;
    for (const tr of wanted) {
      if (tr === next) {
        next = next.nextSibling;
      } else {
        body.insertBefore(tr, next);
      }
    }
    while (next) {
      const gone = next;
      next = next.nextSibling;
      gone.remove();
    }
    for (const mac of rows.keys()) {
      if (!machines.has(mac)) {
        rows.delete(mac);
      }
    }
  }

  function row(s, now) {
    const tr = document.createElement('tr');
    tr.dataset.mac = s.mac;
    tr.className = 'row-' + s.state + (s.mac === selected ? ' selected' : '');
    const state = document.createElement('td');
    state.append(stateBadge(s));
    if (s.loop) {
      state.append(text('span', 'boot loop \u00D7' + s.attempts, 'loop'));
    }
    if (slowestIn(s.mac)) {
      state.append(text('span', 'slowest in ' + slowestIn(s.mac), 'slowest'));
    }
    const mac = document.createElement('td');
    const open = text('button', s.mac, 'mac');
    open.type = 'button';
    open.setAttribute('aria-label', 'Show the stages and events of ' + s.mac);
    mac.append(open);
    if (s.host) {
      mac.append(text('span', s.host, 'host'));
    }
    const seen = text('td', ago(s.lastSeen, now));
    seen.title = s.lastSeen ? new Date(s.lastSeen).toISOString() : '';
    const stage = text('td', s.stage);
    if (s.hint) {
      stage.append(text('span', s.hint, 'hint'));
    }
    tr.append(state, mac, stage, text('td', s.ipv6.join(' ')), text('td', s.ipv4),
      text('td', s.duids.join(' ')), text('td', s.architecture), text('td', s.file), text('td', s.relay), seen);
    return tr;
  }

  // ---- what no row can hold: clients with no MAC, transfers of nobody known -------------------------

  /** What to check for a client whose MAC was not found, from its DUID's type and where it asked. */
  function noMacCheck(event) {
    const type = String(event['duid-type'] || 'duid').toUpperCase();
    const why = type === 'DUID-EN' || type === 'DUID-UUID'
      ? 'its ' + type + ' holds no MAC'
      : 'its ' + type + ' gave none (mac-sources without duid, or not Ethernet)';
    const where = event.relay
      ? 'the relay on ' + event.relay + ' adding the client link-layer address option (79, RFC 6939)'
      : 'its link-local address ' + (event.source || '') + ' is not EUI-64: a relay that adds option 79 (RFC 6939)';
    return why + '. Check: ' + where + ', mac-sources in the config.';
  }

  /** The list of clients with no MAC, one row per DUID, and the line of transfers no machine is known for. */
  function renderUnattributed(now) {
    const needle = view.query.toLowerCase();
    const found = (entry) => !needle || Object.values(entry.event).some((v) => String(v).toLowerCase().includes(needle));
    const newestFirst = (a, b) => millis(b.event.timestamp) - millis(a.event.timestamp);
    const all = [...unattributed.values()];
    const clients = all.filter((e) => e.event.event === 'no_mac' && found(e)).sort(newestFirst);
    const transfers = all.filter((e) => e.event.event !== 'no_mac' && found(e)).sort(newestFirst);
    // Redrawn when what it shows changed, or when its relative times move (every few seconds).
    const key = [Math.floor(now / 5000), needle].concat(clients.map((e) => e.key + e.count), transfers.map((e) => e.key + e.count)).join('\u0000');
    if (key === unattributedShown) {
      return;
    }
    unattributedShown = key;
    const body = document.createElement('tbody');
    for (const entry of clients.slice(0, PAGE)) {
      const event = entry.event;
      const at = millis(event.timestamp);
      const seen = text('td', ago(at, now));
      seen.title = event.timestamp + ', first seen ' + entry['first-seen'];
      const got = event.outcome === 'not_served' ? 'nothing: ' + (event.reason || '') : (event.outcome || '') + (event.address ? ' ' + event.address : '');
      const duid = document.createElement('th');
      duid.scope = 'row';
      duid.append(text('span', event.duid || entry.key, 'duid'), text('span', String(event['duid-type'] || ''), 'host'));
      const check = text('td', noMacCheck(event));
      check.className = 'hint';
      tr(body, duid, text('td', event.link || ''), text('td', event.source || ''),
        text('td', (event.message || '') + ' \u00D7' + entry.count), text('td', got), check, seen);
    }
    $('no-mac-clients').tBodies[0].replaceWith(body);
    $('no-mac-caption').textContent = 'Clients whose MAC was not found, one row per DUID: ' + clients.length
      + (clients.length > PAGE ? ' (the ' + PAGE + ' seen last shown)' : '');
    $('no-mac').hidden = clients.length === 0;
    const line = $('unattributed-transfers');
    line.hidden = transfers.length === 0;
    line.replaceChildren(text('strong', 'Unattributed transfers'), ' (no MAC in the path, no binding holds the client\u2019s address): ');
    transfers.slice(0, 50).forEach((entry, i) => {
      const event = entry.event;
      const over = event.event.includes('http') ? 'HTTP' : 'TFTP';
      const how = event.event.startsWith('served') ? 'served' : (event.outcome || 'failed').replace('_', ' ');
      const item = text('span', (event.file || '?') + ' to ' + (event.client || '?') + ' (' + over + ' ' + how
        + (event.bytes ? ', ' + Number(event.bytes).toLocaleString('en') + ' bytes' : '')
        + (entry.count > 1 ? ', \u00D7' + entry.count : '') + ', ' + ago(millis(event.timestamp), now) + ')', 'transfer');
      item.title = event.timestamp + (event.reason ? ': ' + event.reason : '');
      line.append(i ? '; ' : '', item);
    });
    if (transfers.length > 50) {
      line.append('; and ' + (transfers.length - 50) + ' more');
    }
  }

  function tr(body, ...cells) {
    const row = document.createElement('tr');
    row.append(...cells);
    body.append(row);
  }

  const COUNTED = ['booting', 'done', 'stalled', 'failed', 'seen-not-served'];

  function renderSummary(now) {
    const counts = Object.fromEntries(COUNTED.map((state) => [state, 0]));
    for (const mac of machines.keys()) {
      counts[summaryOf(mac, now).state]++;
    }
    let noMac = 0;
    for (const entry of unattributed.values()) {
      noMac += entry.event.event === 'no_mac' ? 1 : 0;
    }
    const words = machines.size + ' machines: ' + COUNTED.map((state) => counts[state] + ' ' + STATE_WORDS[state]).join(', ')
      + (noMac ? '; ' + noMac + (noMac === 1 ? ' client' : ' clients') + ' with no MAC found' : '');
    // Only a real change is spoken: the region is polite and holds the summary alone.
    if ($('summary').textContent !== words) {
      $('summary').textContent = words;
    }
  }

  function percentile(sorted, p) {
    return sorted[Math.min(sorted.length - 1, Math.ceil(p * sorted.length) - 1)];
  }

  function slowestIn(mac) {
    return (slowest.get(mac) || []).join(', ');
  }

  function renderStageTimes(list, now) {
    const byStage = new Map();
    const flagged = new Map();
    for (const s of list) {
      // The stages a machine has finished do not change with the clock: reckoned once per summary.
      if (!s.finished) {
        s.finished = segments(s, now).filter((segment) => !segment.running && segment.rank < 5);
      }
      for (const segment of s.finished) {
        const times = byStage.get(segment.stage) || [];
        times.push({ mac: s.mac, millis: segment.millis });
        byStage.set(segment.stage, times);
      }
    }
    const body = document.createElement('tbody');
    for (const stage of ['firmware', 'PXE', 'UEFI HTTP', 'iPXE', 'HTTP boot', 'OS']) {
      const times = byStage.get(stage);
      if (!times) {
        continue;
      }
      times.sort((a, b) => a.millis - b.millis);
      const values = times.map((t) => t.millis);
      const slowestOne = times[times.length - 1];
      const open = text('button', slowestOne.mac, 'mac');
      open.type = 'button';
      open.dataset.mac = slowestOne.mac;
      open.setAttribute('aria-label', 'Show the stages and events of ' + slowestOne.mac + ', the slowest in ' + stage);
      const cell = document.createElement('td');
      cell.append(open, ' (' + duration(slowestOne.millis) + ')');
      const tr = document.createElement('tr');
      tr.append(text('th', stage), text('td', String(times.length)), text('td', duration(percentile(values, 0.5))),
        text('td', duration(percentile(values, 0.95))), cell);
      tr.firstChild.scope = 'row';
      body.append(tr);
      // One machine alone is not the slowest of anything.
      if (times.length > 1) {
        flagged.set(slowestOne.mac, (flagged.get(slowestOne.mac) || []).concat(stage));
      }
    }
    slowest = flagged;
    $('stage-times').tBodies[0].replaceWith(body);
    $('stage-times').hidden = byStage.size === 0;
  }

  function renderDetail(s, now) {
    $('detail').hidden = false;
    $('detail-title').textContent = s.mac + (s.host ? ' (' + s.host + ')' : '');
    const state = $('detail-state');
    state.replaceChildren(stateBadge(s), text('span', ' in ' + s.stage + ', attempt ' + s.attempts
      + (s.loop ? ' (boot loop: it started over ' + s.attempts + ' times)' : '')));
    $('detail-hint').textContent = s.hint;
    const parts = segments(s, now);
    const total = parts.reduce((sum, p) => sum + p.millis, 0) || 1;
    const timeline = $('timeline');
    timeline.replaceChildren(...parts.map((p) => {
      const li = document.createElement('li');
      li.className = 'segment stage-' + p.rank + (p.running ? ' running' : '');
      // CSSOM, not a style attribute: allowed by the page's style-src 'self'.
      li.style.flexGrow = String(Math.max(p.millis / total, 0.04));
      li.append(text('span', p.stage, 'stage'), text('span', p.rank === 5 ? 'reached' : duration(p.millis) + (p.running ? ' so far' : ''), 'time'));
      li.title = p.event;
      return li;
    }));
    const ipv4 = s.events.find((e) => e.event === '4o6_acked');
    if (ipv4) {
      const li = text('li', '', 'segment four-o-six');
      li.append(text('span', '4o6', 'stage'), text('span', ipv4.address || '', 'time'));
      li.title = '4o6_acked at ' + ipv4.timestamp;
      timeline.append(li);
    }
    const curl = "curl -N '" + location.origin + '/events?mac=' + s.mac + "'";
    if ($('curl-line').textContent !== curl) {
      $('curl-line').textContent = curl;
      $('copy-curl').textContent = 'Copy';
    }
    const log = document.createElement('tbody');
    for (const event of s.events) {
      const details = Object.keys(event).filter((k) => k !== 'event' && k !== 'timestamp').map((k) => k + '=' + event[k]).join('  ');
      const tr = document.createElement('tr');
      tr.append(text('td', event.timestamp), text('td', event.event), text('td', details));
      log.append(tr);
    }
    $('log').tBodies[0].replaceWith(log);
  }

  /** The open machine's row is marked in place: redrawing it would take the keyboard's focus away. */
  function markSelected(mac) {
    for (const each of [selected, mac]) {
      if (rows.has(each)) {
        rows.get(each).tr.classList.toggle('selected', each === mac);
      }
    }
    selected = mac;
  }

  function closeDetail() {
    const mac = selected;
    markSelected(null);
    $('detail').hidden = true;
    schedule();
    const button = document.querySelector('#machines tr[data-mac="' + mac + '"] button.mac');
    if (button) {
      button.focus();
    }
  }

  function select(mac) {
    markSelected(mac);
    $('copy-curl').textContent = 'Copy';
    schedule();
    requestAnimationFrame(() => $('detail-title').focus());
  }

  // ---- the URL, sorting, export -----------------------------------------------------------------

  function saveView() {
    const next = new URLSearchParams(location.search);
    const set = (key, value) => (value ? next.set(key, value) : next.delete(key));
    set('q', view.query);
    set('state', [...view.states].join(','));
    set('sort', view.sort === 'seen' ? '' : view.sort);
    set('dir', view.descending ? '' : 'asc');
    const query = next.toString();
    history.replaceState(null, '', location.pathname + (query ? '?' + query : ''));
  }

  function showSort() {
    for (const th of document.querySelectorAll('#machines th[data-sort]')) {
      th.setAttribute('aria-sort', th.dataset.sort === view.sort ? (view.descending ? 'descending' : 'ascending') : 'none');
    }
  }

  function exported() {
    const now = Date.now();
    return shown(now).map((s) => ({
      mac: s.mac, state: s.state, stage: s.stage, attempts: s.attempts, ipv6: s.ipv6, ipv4: s.ipv4,
      duids: s.duids, architecture: s.architecture, lastFile: s.file, relay: s.relay, host: s.host,
      lastSeen: s.lastSeen ? new Date(s.lastSeen).toISOString() : '', hint: s.hint,
    }));
  }

  function csvField(value) {
    let field = Array.isArray(value) ? value.join(' ') : String(value);
    // A spreadsheet runs a cell that starts with one of these as a formula.
    if (/^[=+\-@\t\r]/.test(field)) {
      field = "'" + field;
    }
    return /[",\n\r]/.test(field) ? '"' + field.replace(/"/g, '""') + '"' : field;
  }

  function download(name, type, content) {
    const link = document.createElement('a');
    link.href = URL.createObjectURL(new Blob([content], { type }));
    link.download = name;
    document.body.append(link);
    link.click();
    link.remove();
    setTimeout(() => URL.revokeObjectURL(link.href), 1000);
  }

  function wire() {
    const search = $('search');
    search.value = view.query;
    search.addEventListener('input', () => {
      view.query = search.value.trim();
      saveView();
      schedule();
    });
    for (const box of document.querySelectorAll('input[name=state]')) {
      box.checked = view.states.has(box.value);
      box.addEventListener('change', () => {
        if (box.checked) {
          view.states.add(box.value);
        } else {
          view.states.delete(box.value);
        }
        saveView();
        schedule();
      });
    }
    $('filters').addEventListener('submit', (event) => event.preventDefault());
    $('freeze').addEventListener('change', (event) => {
      view.frozen = event.target.checked;
      schedule();
    });
    for (const th of document.querySelectorAll('#machines th[data-sort]')) {
      th.querySelector('button').addEventListener('click', () => {
        view.descending = view.sort === th.dataset.sort ? !view.descending : th.dataset.sort === 'seen';
        view.sort = th.dataset.sort;
        showSort();
        saveView();
        schedule();
      });
    }
    showSort();
    $('machines').addEventListener('click', (event) => {
      const tr = event.target.closest('tbody tr');
      if (tr) {
        select(tr.dataset.mac);
      }
    });
    $('more').addEventListener('click', () => {
      limit += PAGE;
      schedule();
    });
    $('stage-times').addEventListener('click', (event) => {
      const button = event.target.closest('button[data-mac]');
      if (button) {
        select(button.dataset.mac);
      }
    });
    $('close-detail').addEventListener('click', closeDetail);
    // Escape closes the open machine from anywhere in it, and the keyboard goes back to its row.
    $('detail').addEventListener('keydown', (event) => {
      if (event.key === 'Escape') {
        closeDetail();
      }
    });
    $('copy-curl').addEventListener('click', () => {
      const line = $('curl-line').textContent;
      const said = (words) => { $('copy-curl').textContent = words; };
      if (navigator.clipboard) {
        navigator.clipboard.writeText(line).then(() => said('copied'), () => said('select the line to copy it'));
      } else {
        said('select the line to copy it');
      }
    });
    $('export-json').addEventListener('click', () => download('boots.json', 'application/json', JSON.stringify(exported(), null, 2)));
    $('export-csv').addEventListener('click', () => {
      const rows = exported();
      const keys = ['mac', 'state', 'stage', 'attempts', 'ipv6', 'ipv4', 'duids', 'architecture', 'lastFile', 'relay', 'host', 'lastSeen', 'hint'];
      download('boots.csv', 'text/csv', [keys.join(',')].concat(rows.map((r) => keys.map((k) => csvField(r[k])).join(','))).join('\r\n') + '\r\n');
    });
    // Relative times and stalls move with the clock.
    setInterval(schedule, 5000);
  }

  wire();
  connect();
}());
