// gklint serve: the page. Report text is only ever inserted with textContent; the
// explanations and rule docs are HTML rendered on the server from Markdown with raw
// HTML disabled, and the Content-Security-Policy forbids any script but this file.
'use strict';

(function () {
  var state = { files: [], review: null, current: 0 };
  var $ = function (id) { return document.getElementById(id); };

  function el(tag, attrs, text) {
    var node = document.createElement(tag);
    if (attrs) Object.keys(attrs).forEach(function (k) {
      if (k === 'class') node.className = attrs[k]; else node.setAttribute(k, attrs[k]);
    });
    if (text !== undefined && text !== null) node.textContent = String(text);
    return node;
  }

  function status(text, isError) {
    var s = $('status');
    s.textContent = text;
    s.classList.toggle('error', !!isError);
  }

  function form(files) {
    var data = new FormData();
    files.forEach(function (f) { data.append('file', f, f.name); });
    return data;
  }

  async function post(url, files) {
    var response = await fetch(url, { method: 'POST', body: form(files) });
    if (!response.ok) {
      var message = '服务器返回错误（' + response.status + '）';
      try { message = (await response.json()).error || message; } catch (e) { /* not JSON */ }
      throw new Error(message);
    }
    return response;
  }

  async function check(files) {
    if (!files.length) return;
    state.files = Array.prototype.slice.call(files);
    status('正在检查 ' + state.files.length + ' 个文件……');
    try {
      var review = await (await post('api/review', state.files)).json();
      state.review = review;
      state.current = 0;
      render();
      var total = review.files.reduce(function (n, f) { return n + f.findings.length; }, 0);
      status('检查完成：' + review.files.length + ' 个文件，共 ' + total + ' 个问题。' +
        (review.errors.length ? review.errors.length + ' 个文件无法读取。' : ''));
    } catch (err) {
      status(err.message, true);
    }
  }

  function render() {
    var review = state.review;
    $('results').hidden = false;
    var body = $('summary').tBodies[0];
    body.textContent = '';
    review.files.forEach(function (f, i) {
      var tr = el('tr', { 'data-index': String(i) });
      tr.appendChild(el('td', null, f.filename));
      tr.appendChild(el('td', null, f.org || '（未识别）'));
      tr.appendChild(el('td', null, f.year || '未知'));
      tr.appendChild(el('td', null, f.template || '—'));
      tr.appendChild(el('td', { class: f.passed ? 'pass' : 'fail' }, f.passed ? '通过' : '不通过'));
      ['error', 'warning', 'info'].forEach(function (s) { tr.appendChild(el('td', null, f.counts[s])); });
      tr.addEventListener('click', function () { show(i); });
      body.appendChild(tr);
    });
    var errors = $('errors');
    errors.textContent = '';
    review.errors.forEach(function (e) { errors.appendChild(el('li', null, e.message)); });
    var tabs = $('tabs');
    tabs.textContent = '';
    review.files.forEach(function (f, i) {
      var b = el('button', { type: 'button' }, f.filename);
      b.addEventListener('click', function () { show(i); });
      tabs.appendChild(b);
    });
    $('viewer').hidden = review.files.length === 0;
    if (review.files.length) show(0);
  }

  function show(index) {
    state.current = index;
    var file = state.review.files[index];
    Array.prototype.forEach.call($('tabs').children, function (b, i) { b.classList.toggle('current', i === index); });
    Array.prototype.forEach.call($('summary').tBodies[0].rows, function (r, i) { r.classList.toggle('current', i === index); });
    $('download-docx').hidden = file.format !== 'docx';
    var doc = $('doc');
    doc.textContent = '';
    file.segments.forEach(function (seg) {
      if (!seg.ids.length) { doc.appendChild(document.createTextNode(seg.text)); return; }
      var worst = seg.ids.map(function (id) { return file.findings[id].severity; })
        .sort(function (a, b) { return rank(b) - rank(a); })[0];
      var mark = el('mark', { class: 'sev-' + worst, 'data-ids': seg.ids.join(' '), title: seg.ids.map(function (id) {
        return file.findings[id].code + ' ' + file.findings[id].message; }).join('\n') }, seg.text);
      mark.addEventListener('click', function () { select(seg.ids[0], false); });
      doc.appendChild(mark);
    });
    var list = $('findings');
    list.textContent = '';
    $('findings-title').textContent = file.findings.length ? '问题（' + file.findings.length + '）' : '未发现问题';
    file.findings.forEach(function (f) {
      var li = el('li', { class: 'sev-' + f.severity, 'data-id': String(f.id) });
      li.appendChild(el('span', { class: 'badge ' + f.severity }, f.severity_zh));
      li.appendChild(el('b', null, f.code + ' '));
      li.appendChild(el('span', null, f.message));
      li.appendChild(el('div', { class: 'where' }, f.where));
      li.addEventListener('click', function () { select(f.id, true); });
      list.appendChild(li);
    });
    var explain = $('explain');
    explain.textContent = '';
    explain.appendChild(el('p', { class: 'hint' }, file.findings.length ?
      '点击一个问题或正文中标出的位置，查看说明。' : '这份报告未发现问题。'));
  }

  function rank(severity) { return { info: 1, warning: 2, error: 3 }[severity] || 0; }

  function select(id, scroll) {
    var file = state.review.files[state.current];
    var finding = file.findings[id];
    Array.prototype.forEach.call($('findings').children, function (li) {
      li.classList.toggle('current', li.dataset.id === String(id));
    });
    var first = null;
    Array.prototype.forEach.call($('doc').querySelectorAll('mark'), function (m) {
      var on = m.dataset.ids.split(' ').indexOf(String(id)) >= 0;
      m.classList.toggle('current', on);
      if (on && !first) first = m;
    });
    if (scroll && first) first.scrollIntoView({ block: 'center' });
    var explain = $('explain');
    explain.textContent = '';
    explain.appendChild(el('div', { class: 'where' }, '位置：' + finding.where));
    var body = el('div', { class: 'md' });
    body.innerHTML = finding.explanation_html;  // server-rendered Markdown, raw HTML disabled
    explain.appendChild(body);
    if (finding.table) explain.appendChild(tableView(finding.table));
  }

  function tableView(table) {
    var wrap = el('div', { class: 'tbl' });
    wrap.appendChild(el('h4', null, table.title));
    table.blocks.forEach(function (block) {
      var t = el('table');
      if (block.caption) t.appendChild(el('caption', null, block.caption));
      var head = el('tr');
      head.appendChild(el('th'));
      block.columns.forEach(function (c) { head.appendChild(el('th', null, c)); });
      t.appendChild(head);
      block.rows.forEach(function (row) {
        var marked = row.cells.some(function (c) { return c.mark; });
        if (row.group || !marked) return;  // the rows of the broken sum, not the whole table
        var tr = el('tr');
        tr.appendChild(el('th', null, row.label));
        row.cells.forEach(function (c) { tr.appendChild(el('td', c.mark ? { class: c.mark } : null, c.text)); });
        t.appendChild(tr);
      });
      wrap.appendChild(t);
    });
    return wrap;
  }

  async function download(url, files, fallbackName) {
    try {
      var response = await post(url, files);
      var blob = await response.blob();
      var name = fallbackName;
      var disposition = response.headers.get('Content-Disposition') || '';
      var match = /filename\*=UTF-8''([^;]+)/.exec(disposition);
      if (match) name = decodeURIComponent(match[1]);
      var a = el('a', { href: URL.createObjectURL(blob), download: name });
      document.body.appendChild(a);
      a.click();
      setTimeout(function () { URL.revokeObjectURL(a.href); a.remove(); }, 1000);
      status('已下载：' + name);
    } catch (err) {
      status(err.message, true);
    }
  }

  async function loadRules() {
    try {
      var rules = await (await fetch('api/rules')).json();
      var box = $('rules');
      rules.forEach(function (r) {
        var d = el('details', { id: 'rule-' + r.code });
        d.appendChild(el('summary', null, r.code + ' ' + r.name + ' — ' + r.summary));
        var body = el('div');
        body.innerHTML = r.html;  // server-rendered Markdown of gklint's own rule docs
        d.appendChild(body);
        box.appendChild(d);
      });
    } catch (err) { /* the rule list is a convenience; checking still works */ }
  }

  document.addEventListener('DOMContentLoaded', function () {
    var drop = $('drop');
    $('file-input').addEventListener('change', function (ev) { check(ev.target.files); ev.target.value = ''; });
    ['dragenter', 'dragover'].forEach(function (t) { drop.addEventListener(t, function (ev) {
      ev.preventDefault(); drop.classList.add('over'); }); });
    ['dragleave', 'drop'].forEach(function (t) { drop.addEventListener(t, function (ev) {
      ev.preventDefault(); drop.classList.remove('over'); }); });
    drop.addEventListener('drop', function (ev) { check(ev.dataTransfer.files); });
    $('download-report').addEventListener('click', function () { download('api/report', state.files, '审核结果.html'); });
    $('download-docx').addEventListener('click', function () {
      var file = state.files.filter(function (f) { return f.name === state.review.files[state.current].filename; })[0];
      if (file) download('api/annotate', [file], 'gklint.docx');
    });
    loadRules();
  });
})();
