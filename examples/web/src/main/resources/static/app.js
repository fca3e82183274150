const $ = (id) => document.getElementById(id);
let info;
const money = (n) => '$' + (Number(n) > 0 && Number(n) < 0.01 ? Number(n).toPrecision(2) : Number(n).toFixed(3));

function option(select, value) { const o = document.createElement('option'); o.value = o.textContent = value; select.append(o); }
function settings() {
  return { model: $('model').value, style: $('style').value, aspect_ratio: $('aspect').value,
    output_format: $('format').value };
}
// the chosen model's aspect ratios and output formats; a choice it also takes is kept
function fill(select, values) {
  const kept = select.value;
  select.replaceChildren();
  values.forEach((v) => option(select, v));
  if (values.includes(kept)) select.value = kept;
}
function modelChoices() {
  const choices = info.image_model_choices[$('model').value];
  fill($('aspect'), choices.aspect_ratios);
  fill($('format'), choices.output_formats);
}
// the CSRF token Spring Security keeps in the XSRF-TOKEN cookie, sent back as a header on every state-changing request
function csrf() {
  const c = document.cookie.split('; ').find((x) => x.startsWith('XSRF-TOKEN='));
  return c ? decodeURIComponent(c.substring('XSRF-TOKEN='.length)) : '';
}
async function json(url, init) {
  const options = init || {};
  if (options.method && options.method !== 'GET') {
    options.headers = { ...(options.headers || {}), 'X-XSRF-TOKEN': csrf() };
  }
  const r = await fetch(url, options);
  if (r.status === 401) { location.href = '/login'; throw new Error('signed out'); }
  const body = r.status === 204 ? {} : await r.json().catch(() => ({}));
  if (!r.ok) throw new Error(body.detail || body.title || r.statusText); // RFC 9457 problem details
  return body;
}
const send = (url, method, body) => json(url, { method, headers: { 'Content-Type': 'application/json' },
  body: body === undefined ? undefined : JSON.stringify(body) });
// an element with text only: what a user or a server wrote never becomes markup
function el(tag, text, cls) {
  const e = document.createElement(tag);
  if (text !== undefined && text !== null) e.textContent = text;
  if (cls) e.className = cls;
  return e;
}
// a small picture beside a list item; gone from the gallery: no picture
function thumbnail(src) {
  const img = el('img');
  img.alt = '';
  img.addEventListener('error', () => img.remove());
  img.src = src;
  return img;
}
function button(text, label, action, cls) {
  const b = el('button', text, cls || 'secondary');
  b.type = 'button';
  if (label) b.setAttribute('aria-label', label);
  b.addEventListener('click', action);
  return b;
}
// dialogs: Escape closes them (the browser's), Tab stays inside, and focus goes back to what opened them
let opener = null;
function openDialog(d) {
  opener = document.activeElement;
  d.showModal();
}
document.querySelectorAll('dialog').forEach((d) => {
  d.addEventListener('close', () => { if (opener && opener.isConnected) opener.focus(); opener = null; });
  d.addEventListener('keydown', (e) => {
    if (e.key !== 'Tab') return;
    const focusable = [...d.querySelectorAll('a[href], button, input, select, textarea')]
      .filter((x) => !x.disabled && x.getClientRects().length > 0);
    if (!focusable.length) return;
    const first = focusable[0];
    const last = focusable[focusable.length - 1];
    if (e.shiftKey && (document.activeElement === first || !d.contains(document.activeElement))) {
      e.preventDefault(); last.focus();
    } else if (!e.shiftKey && (document.activeElement === last || !d.contains(document.activeElement))) {
      e.preventDefault(); first.focus();
    }
  });
});
async function estimate(images, target, withSteps) {
  const q = (withSteps || []).map((s) => '&then=' + encodeURIComponent(s)).join('')
    + '&model=' + encodeURIComponent($('model').value);
  const e = await json('/api/v1/estimate?images=' + images + q);
  target.textContent = Number(e.low) === Number(e.total)
    ? `${e.images} image(s) × ${money(e.unit_price)} = ${money(e.total)}`
    : `${e.images} image(s): ${money(e.low)} to ${money(e.total)} (GPU time)`;
}
async function refreshQuota() {
  const q = await json('/api/v1/quota');
  $('quota').textContent = q.limit > 0 ? `quota: ${q.remaining} of ${q.limit} left today` : 'no quota';
  $('quota').dataset.remaining = q.remaining;
}
let favourites = [];
const starredImage = (id) => favourites.find((f) => f.image_id === id);
function card(c) {
  const f = document.createElement('figure');
  f.className = 'card';
  f.innerHTML = `<button type="button" class="preview"><img alt=""></button><figcaption><p></p>`
    + `<span class="muted"></span><br><a class="download">Download</a> `
    + `<button type="button" class="secondary star" aria-pressed="false">☆</button> `
    + `<button type="button" class="secondary edit">Edit…</button> `
    + `<button type="button" class="secondary cutout">Remove background</button> `
    + `<button type="button" class="secondary upscale">Upscale 2×</button></figcaption>`;
  f.querySelector('img').src = c.url;
  f.querySelector('img').alt = c.prompt;
  f.querySelector('button.preview').setAttribute('aria-label', 'Preview: ' + c.prompt);
  f.querySelector('button.preview').addEventListener('click', () => openPreview(c));
  f.querySelector('p').textContent = c.prompt;
  // what the request set besides its prompt (style, the model's inputs), then the model unless it is flux-schnell
  const what = [...Object.values(c.settings || {}), c.model.endsWith('/flux-schnell') ? '' : c.model.split('/')[1]]
    .filter((x) => x).join(' · ');
  f.querySelector('span').textContent = `${what} · seed ${c.seed} · $${c.cost_usd}`;
  const a = f.querySelector('a');
  a.href = c.download_url;
  a.setAttribute('download', c.id + '.' + c.output_format);
  const star = f.querySelector('button.star');
  star.setAttribute('aria-label', 'Star this result: ' + c.prompt);
  star.setAttribute('aria-pressed', String(!!starredImage(c.id)));
  star.textContent = starredImage(c.id) ? '★' : '☆';
  star.addEventListener('click', () => toggleStar(c).catch((e) => { $('error').textContent = e.message; }));
  f.querySelector('button.edit').addEventListener('click', () => openEdit(c));
  f.querySelector('button.cutout').addEventListener('click', () => postProcess(c, 'remove-background'));
  f.querySelector('button.upscale').addEventListener('click', () => postProcess(c, 'upscale:2'));
  return f;
}
async function refreshGallery() {
  const cards = await json('/api/v1/gallery');
  $('gallery').replaceChildren(...cards.map(card));
}
// after anything that spent: the gallery, the quota, the history and the usage
async function refreshAfterRun() {
  await refreshGallery(); await refreshQuota(); await refreshHistory(); await refreshUsage();
}

// ---- favourites: a starred result or prompt; "Use" fills the form, "Add to batch" makes it a row of the batch
async function refreshFavourites() {
  favourites = await json('/api/v1/favourites');
  $('favourites-empty').hidden = favourites.length > 0;
  $('favourites').replaceChildren(...favourites.map((f) => {
    const li = el('li');
    li.dataset.id = f.id;
    if (f.image_url) li.append(thumbnail(f.image_url));
    const text = el('div');
    text.append(el('p', f.prompt), el('span', [f.model, ...Object.entries(f.row).filter(([k]) => k !== 'prompt'
      && k !== 'model').map(([k, v]) => `${k}=${v}`)].join(' · '), 'muted'), el('br'));
    const use = button('Use', 'Use in the form: ' + f.prompt, () => useFavourite(f));
    const row = button('Add to batch', 'Add to the batch as a row: ' + f.prompt, () => addRow(f));
    use.disabled = row.disabled = !f.reusable;
    text.append(use, row, button('Remove', 'Remove from favourites: ' + f.prompt, async () => {
      await send('/api/v1/favourites/' + encodeURIComponent(f.id), 'DELETE');
      await refreshFavourites(); await refreshGallery();
    }));
    li.append(text);
    return li;
  }));
}
async function toggleStar(c) {
  const known = starredImage(c.id);
  if (known) await send('/api/v1/favourites/' + encodeURIComponent(known.id), 'DELETE');
  else await send('/api/v1/favourites', 'POST', { image_id: c.id });
  await refreshFavourites(); await refreshGallery();
  const preview = $('preview-modal');
  if (preview.open && preview.dataset.imageId === c.id) showStar(c);
}
function useFavourite(f) {
  const r = f.row;
  $('prompt').value = r.prompt || '';
  if (info.image_models.includes(r.model)) $('model').value = r.model;
  modelChoices();
  $('style').value = r.style || 'none';
  if (r.aspect_ratio) $('aspect').value = r.aspect_ratio;
  if (r.output_format) $('format').value = r.output_format;
  estimate(1, $('estimate')).catch(() => {});
  $('prompt').focus();
}
let batchRows = [];
function addRow(f) {
  if (!batchRows.some((x) => x.id === f.id)) batchRows.push(f);
  showRows();
  openDialog($('batch-modal'));
}
function showRows() {
  $('batch-rows').replaceChildren(...batchRows.map((f) => {
    const li = el('li');
    li.append(el('div', [f.prompt, ...Object.entries(f.row).filter(([k]) => k !== 'prompt')
      .map(([k, v]) => `${k}=${v}`)].join(' · ')), button('Remove', 'Remove row: ' + f.prompt, () => {
      batchRows = batchRows.filter((x) => x.id !== f.id); showRows(); batchEstimate();
    }));
    return li;
  }));
  batchEstimate();
}

// ---- history: every request, searchable; "Run again" sends the same settings and seed
const when = (iso) => new Date(iso).toLocaleString();
async function refreshHistory() {
  const q = $('history-search').value;
  const entries = await json('/api/v1/history' + (q ? '?q=' + encodeURIComponent(q) : ''));
  $('history').replaceChildren(...entries.map((h) => {
    const li = el('li');
    li.dataset.id = h.id;
    li.dataset.seed = h.seed;
    const text = el('div');
    const took = h.millis === null || h.millis === undefined ? '' : (h.millis / 1000).toFixed(1) + ' s';
    const set = Object.entries(h.settings).filter(([k]) => k !== 'seed').map(([, v]) => v);
    text.append(el('p', h.prompt), el('span', [h.model, ...set, 'seed ' + h.seed,
      '$' + h.cost_usd, took, when(h.at)].filter((x) => x).join(' · '), 'muted'), el('br'),
    el('span', h.outcome + (h.error ? ': ' + h.error : ''), 'outcome-' + h.outcome), el('br'));
    const again = button('Run again', 'Run again with seed ' + h.seed + ': ' + h.prompt, async () => {
      $('error').textContent = '';
      try { await send('/api/v1/history/' + encodeURIComponent(h.id) + '/run', 'POST'); } catch (e) {
        $('error').textContent = e.message;
      }
      await refreshAfterRun();
    });
    again.disabled = Object.keys(h.request).length === 0; // it started from an image, which is not kept
    text.append(again, button('Delete', 'Delete from history: ' + h.prompt, async () => {
      await send('/api/v1/history/' + encodeURIComponent(h.id), 'DELETE');
      await refreshHistory();
    }));
    li.append(text);
    return li;
  }));
}

// ---- preview: the full image, its settings and cost, download, star, share
function showStar(c) {
  const starred = !!starredImage(c.id);
  $('preview-star').setAttribute('aria-pressed', String(starred));
  $('preview-star').textContent = starred ? '★ Starred' : '☆ Star';
}
let previewed = null;
function openPreview(c) {
  previewed = c;
  $('preview-modal').dataset.imageId = c.id;
  $('preview-title').textContent = c.prompt;
  $('preview-image').src = c.url;
  $('preview-image').alt = c.prompt;
  const rows = [['Model', c.model], ...Object.entries(c.settings || {}).filter(([k]) => k !== 'seed'), ['Seed', c.seed],
    ['Format', c.output_format], ['Cost', '$' + c.cost_usd]];
  $('preview-settings').replaceChildren(...rows.flatMap(([k, v]) => [el('dt', k), el('dd', v)]));
  $('preview-download').href = c.download_url;
  $('preview-download').setAttribute('download', c.id + '.' + c.output_format);
  $('preview-download').textContent = 'Download (' + c.output_format + ')';
  showStar(c);
  $('share-result').hidden = true;
  $('share-url').value = '';
  $('share-show-prompt').checked = false;
  $('preview-error').textContent = '';
  openDialog($('preview-modal'));
}
let shared = null;
$('preview-star').addEventListener('click', () => toggleStar(previewed)
  .catch((e) => { $('preview-error').textContent = e.message; }));
$('share-create').addEventListener('click', async () => {
  $('preview-error').textContent = '';
  try {
    shared = await send('/api/v1/shares', 'POST', { image_id: previewed.id,
      show_prompt: $('share-show-prompt').checked });
    $('share-url').value = new URL(shared.url, location.href).href;
    $('share-expires').textContent = 'expires ' + when(shared.expires);
    $('share-result').hidden = false;
    $('share-url').focus();
    $('share-url').select();
    await refreshShares();
  } catch (e) { $('preview-error').textContent = e.message; }
});
$('share-revoke').addEventListener('click', async () => {
  await revoke(shared);
  $('share-result').hidden = true;
  $('share-create').focus();
});
$('close-preview').addEventListener('click', () => $('preview-modal').close());

// ---- shared links: open, revoke
async function revoke(s) {
  await send('/api/v1/shares/' + encodeURIComponent(s.id), 'DELETE');
  await refreshShares();
}
async function refreshShares() {
  const shares = await json('/api/v1/shares');
  $('shares-empty').hidden = shares.length > 0;
  $('shares').replaceChildren(...shares.map((s) => {
    const li = el('li');
    li.dataset.id = s.id;
    const img = thumbnail('/images/' + encodeURIComponent(s.image_id));
    const text = el('div');
    const link = el('a', s.expired ? 'Link (expired)' : 'Open link');
    link.href = s.url;
    link.target = '_blank';
    link.rel = 'noopener noreferrer';
    text.append(link, el('br'), el('span', (s.shows_prompt ? 'shows the prompt' : 'image only') + ' · '
      + (s.expired ? 'expired ' : 'expires ') + when(s.expires), 'muted'), el('br'),
    button('Revoke', 'Revoke this link', () => revoke(s)));
    li.append(img, text);
    return li;
  }));
}

// ---- my usage: from the app's own store
function usageTable(caption, head, rows) {
  const t = el('table');
  t.append(el('caption', caption));
  const tr = el('tr');
  [head, 'Requests', 'Images', 'Spend', 'Failures'].forEach((h, i) => {
    const th = el('th', h, i ? 'n' : ''); th.scope = 'col'; tr.append(th);
  });
  const thead = el('thead'); thead.append(tr);
  const tbody = el('tbody');
  rows.forEach((r) => {
    const row = el('tr');
    const th = el('th', r.key); th.scope = 'row'; row.append(th);
    [r.requests, r.images, '$' + r.spend_usd, r.failures].forEach((v) => row.append(el('td', String(v), 'n')));
    tbody.append(row);
  });
  t.append(thead, tbody);
  return t;
}
async function refreshUsage() {
  const u = await json('/api/v1/usage');
  const t = u.total;
  $('usage-total').textContent = `${t.images} image(s) · $${t.spend_usd} spent · ${t.failures} failed`
    + ` (${t.requests} request(s))`;
  Object.assign($('usage-total').dataset, { images: t.images, spend: t.spend_usd, failures: t.failures,
    requests: t.requests });
  $('usage-tables').replaceChildren(usageTable('By day (UTC)', 'Day', u.days), usageTable('By style', 'Style',
    u.styles), usageTable('By aspect ratio', 'Aspect ratio', u.aspect_ratios), usageTable('By model', 'Model',
    u.models));
}
function showProgress(done, total) {
  $('progress-count').textContent = `${done}/${total}`;
  $('progress-bar').style.width = total ? (100 * done / total) + '%' : '0';
}
function follow(batch, prompts) {
  showProgress(0, batch.total);
  $('progress-items').replaceChildren(...prompts.map((p, i) => {
    const li = document.createElement('li'); li.id = 'item-' + i; li.textContent = '⋯ ' + p; return li; }));
  const source = new EventSource(batch.events);
  source.addEventListener('progress', (m) => {
    const e = JSON.parse(m.data);
    showProgress(e.done, e.total);
    const li = $('item-' + e.index);
    if (li) li.textContent = ({started: '▶ ', succeeded: '✔ '}[e.state] || '✖ ') + prompts[e.index];
    if (e.state === 'succeeded') refreshGallery();
  });
  source.addEventListener('done', () => { source.close(); refreshAfterRun(); });
}
async function runBatch(prompts, body, url, headers) {
  $('batch-error').textContent = '';
  try {
    const batch = await json(url, { method: 'POST', body, headers });
    $('batch-modal').close();
    batchRows = []; showRows();
    follow(batch, batch.prompts || prompts);
  } catch (e) { $('batch-error').textContent = e.message; }
}
async function postProcess(c, step) {
  $('error').textContent = '';
  try {
    await json('/api/v1/postprocess/image', { method: 'POST', headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ image_id: c.id, step }) });
  } catch (e) { $('error').textContent = e.message; }
  await refreshAfterRun();
}
const steps = () => ['then-remove-background', 'then-upscale'].filter((id) => $(id).checked).map((id) => $(id).value);
// a batch's settings: with "remove the background" the format is left to the SDK (Bria reads PNG or JPEG, not WebP)
function batchSettings() {
  const s = settings();
  if (steps().includes('remove-background')) delete s.output_format;
  return s;
}
function openEdit(c) {
  $('edit-modal').dataset.imageId = c ? c.id : '';
  $('edit-source').textContent = c ? 'Source: ' + c.prompt : '';
  $('edit-upload').hidden = !!c;
  $('edit-error').textContent = '';
  openDialog($('edit-modal'));
}
async function runEdit() {
  $('edit-error').textContent = '';
  $('run-edit').disabled = true;
  const imageId = $('edit-modal').dataset.imageId;
  try {
    if (imageId) {
      await json('/api/v1/edit/image', { method: 'POST', headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ image_id: imageId, prompt: $('edit-prompt').value, model: $('edit-model').value }) });
    } else {
      const file = $('edit-file').files[0];
      if (!file) throw new Error('choose a photo first');
      const form = new FormData();
      form.append('file', file);
      form.append('prompt', $('edit-prompt').value);
      form.append('model', $('edit-model').value);
      await json('/api/v1/edit/image/upload', { method: 'POST', body: form });
    }
    $('edit-modal').close();
  } catch (e) { $('edit-error').textContent = e.message; } finally { $('run-edit').disabled = false; }
  await refreshAfterRun();
}
let templates = [];
function templateForm() {
  const form = new FormData();
  const file = $('template-file').files[0];
  if (file) form.append('file', file);
  return form;
}
function showTemplate() {
  const t = templates.find((x) => x.name === $('template-name').value);
  $('template-text').textContent = t ? t.template : '';
}
async function previewTemplate() {
  $('template-error').textContent = '';
  try {
    const p = await json('/api/v1/templates/' + encodeURIComponent($('template-name').value) + '/preview',
      { method: 'POST', body: templateForm() });
    const e = p.estimate;
    const cost = Number(e.low) === Number(e.total) ? money(e.total) : `${money(e.low)} to ${money(e.total)}`;
    $('template-preview').textContent = `${p.predictions} prediction(s), ${p.images} image(s), ${cost}; ${p.time}`;
  } catch (e) { $('template-error').textContent = e.message; }
}
async function init() {
  info = await json('/api/v1/info');
  $('who').textContent = info.user;
  $('sandbox').hidden = !info.sandbox;
  info.image_models.forEach((m) => option($('model'), m));
  $('model').value = info.default_image_model;
  info.styles.forEach((s) => option($('style'), s));
  modelChoices();
  info.edit_models.forEach((m) => option($('edit-model'), m));
  $('edit-model').value = info.default_edit_model;
  templates = await json('/api/v1/templates');
  templates.forEach((t) => option($('template-name'), t.name));
  showTemplate();
  await estimate(1, $('estimate'));
  await refreshFavourites();
  await refreshShares();
  await refreshHistory();
  await refreshUsage();
  await refreshQuota();
  await refreshGallery();
}
$('single').addEventListener('submit', async (ev) => {
  ev.preventDefault();
  $('error').textContent = '';
  $('generate').disabled = true;
  try {
    showProgress(0, 1);
    await json('/api/v1/generate/image', { method: 'POST', headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ prompt: $('prompt').value, ...settings() }) });
    showProgress(1, 1);
  } catch (e) { $('error').textContent = e.message; } finally { $('generate').disabled = false; }
  await refreshAfterRun();
});
$('star-prompt').addEventListener('click', async () => {
  $('error').textContent = '';
  try {
    await send('/api/v1/favourites', 'POST', { prompt: $('prompt').value, ...settings() });
    await refreshFavourites();
  } catch (e) { $('error').textContent = e.message; }
});
let searching;
$('history-search').addEventListener('input', () => {
  clearTimeout(searching);
  searching = setTimeout(() => refreshHistory().catch((e) => { $('error').textContent = e.message; }), 200);
});
$('logout').addEventListener('click', async () => {
  await fetch('/logout', { method: 'POST', headers: { 'X-XSRF-TOKEN': csrf() } });
  location.href = '/login?logout';
});
$('model').addEventListener('change', () => {
  modelChoices();
  estimate(1, $('estimate')).catch((e) => { $('error').textContent = e.message; });
});
$('open-batch').addEventListener('click', () => openDialog($('batch-modal')));
$('open-upload-edit').addEventListener('click', () => openEdit(null));
$('open-templates').addEventListener('click', () => { openDialog($('templates-modal')); previewTemplate(); });
$('close-templates').addEventListener('click', () => $('templates-modal').close());
$('template-name').addEventListener('change', () => { showTemplate(); previewTemplate(); });
$('template-file').addEventListener('change', previewTemplate);
$('preview-template').addEventListener('click', previewTemplate);
$('run-template').addEventListener('click', async () => {
  $('template-error').textContent = '';
  try {
    const batch = await json('/api/v1/templates/' + encodeURIComponent($('template-name').value) + '/batch',
      { method: 'POST', body: templateForm() });
    $('templates-modal').close();
    follow(batch, batch.prompts);
  } catch (e) { $('template-error').textContent = e.message; }
});
$('close-edit').addEventListener('click', () => $('edit-modal').close());
$('run-edit').addEventListener('click', runEdit);
$('close-batch').addEventListener('click', () => $('batch-modal').close());
const batchPrompts = () => $('batch-prompts').value.split('\n').map((l) => l.trim()).filter((l) => l);
const batchEstimate = () => estimate(batchPrompts().length + batchRows.length, $('batch-estimate'), steps());
$('batch-prompts').addEventListener('input', batchEstimate);
['then-remove-background', 'then-upscale'].forEach((id) => $(id).addEventListener('change', batchEstimate));
$('run-batch').addEventListener('click', () => {
  const prompts = batchPrompts();
  runBatch([...prompts, ...batchRows.map((f) => f.prompt)], JSON.stringify({ prompts, rows: batchRows.map((f) => f.id),
    then: steps(), ...batchSettings() }), '/api/v1/generate/image/batch', { 'Content-Type': 'application/json' });
});
$('upload-batch').addEventListener('click', async () => {
  const file = $('prompt-file').files[0];
  if (!file) { $('batch-error').textContent = 'choose a .txt, .csv or .jsonl file first'; return; }
  const form = new FormData();
  form.append('file', file);
  Object.entries(batchSettings()).forEach(([k, v]) => form.append(k, v));
  steps().forEach((s) => form.append('then', s));
  runBatch(null, form, '/api/v1/generate/image/batch/file'); // the server reads the file: it says what the prompts are
});
init().catch((e) => { $('error').textContent = e.message; });
