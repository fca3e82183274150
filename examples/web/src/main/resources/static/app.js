const $ = (id) => document.getElementById(id);
let info;
const user = () => $('user').value.trim() || 'demo';
const money = (n) => '$' + (Number(n) > 0 && Number(n) < 0.01 ? Number(n).toPrecision(2) : Number(n).toFixed(3));

function option(select, value) { const o = document.createElement('option'); o.value = o.textContent = value; select.append(o); }
function settings() {
  return { model: $('model').value, style: $('style').value, aspect_ratio: $('aspect').value,
    output_format: $('format').value, user: user() };
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
async function json(url, init) {
  const r = await fetch(url, init);
  const body = await r.json().catch(() => ({}));
  if (!r.ok) throw new Error(body.error || r.statusText);
  return body;
}
async function estimate(images, target, withSteps) {
  const q = (withSteps || []).map((s) => '&then=' + encodeURIComponent(s)).join('')
    + '&model=' + encodeURIComponent($('model').value);
  const e = await json('/api/v1/estimate?images=' + images + q);
  target.textContent = Number(e.low) === Number(e.total)
    ? `${e.images} image(s) × ${money(e.unit_price)} = ${money(e.total)}`
    : `${e.images} image(s): ${money(e.low)} to ${money(e.total)} (GPU time)`;
}
async function refreshQuota() {
  const q = await json('/api/v1/quota?user=' + encodeURIComponent(user()));
  $('quota').textContent = q.limit > 0 ? `quota: ${q.remaining} of ${q.limit} left today` : 'no quota';
  $('quota').dataset.remaining = q.remaining;
}
function card(c) {
  const f = document.createElement('figure');
  f.className = 'card';
  f.innerHTML = `<img alt=""><figcaption><p></p><span class="muted"></span><br><a class="download">Download</a> `
    + `<button type="button" class="secondary edit">Edit…</button> `
    + `<button type="button" class="secondary cutout">Remove background</button> `
    + `<button type="button" class="secondary upscale">Upscale 2×</button></figcaption>`;
  f.querySelector('img').src = c.url;
  f.querySelector('img').alt = c.prompt;
  f.querySelector('p').textContent = c.prompt;
  // what the request set besides its prompt (style, the model's inputs), then the model unless it is flux-schnell
  const what = [...Object.values(c.settings || {}), c.model.endsWith('/flux-schnell') ? '' : c.model.split('/')[1]]
    .filter((x) => x).join(' · ');
  f.querySelector('span').textContent = `${what} · seed ${c.seed} · $${c.cost_usd}`;
  const a = f.querySelector('a');
  a.href = c.download_url;
  a.setAttribute('download', c.id + '.' + c.output_format);
  f.querySelector('button.edit').addEventListener('click', () => openEdit(c));
  f.querySelector('button.cutout').addEventListener('click', () => postProcess(c, 'remove-background'));
  f.querySelector('button.upscale').addEventListener('click', () => postProcess(c, 'upscale:2'));
  return f;
}
async function refreshGallery() {
  const cards = await json('/api/v1/gallery?user=' + encodeURIComponent(user()));
  $('gallery').replaceChildren(...cards.map(card));
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
  source.addEventListener('done', () => { source.close(); refreshGallery(); refreshQuota(); });
}
async function runBatch(prompts, body, url, headers) {
  $('batch-error').textContent = '';
  try {
    const batch = await json(url, { method: 'POST', body, headers });
    $('batch-modal').close();
    follow(batch, batch.prompts || prompts);
  } catch (e) { $('batch-error').textContent = e.message; }
}
async function postProcess(c, step) {
  $('error').textContent = '';
  try {
    await json('/api/v1/postprocess/image', { method: 'POST', headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ image_id: c.id, step, user: user() }) });
    await refreshGallery(); await refreshQuota();
  } catch (e) { $('error').textContent = e.message; }
}
const steps = () => ['then-remove-background', 'then-upscale'].filter((id) => $(id).checked).map((id) => $(id).value);
function openEdit(c) {
  $('edit-modal').dataset.imageId = c ? c.id : '';
  $('edit-source').textContent = c ? 'Source: ' + c.prompt : '';
  $('edit-upload').hidden = !!c;
  $('edit-error').textContent = '';
  $('edit-modal').showModal();
}
async function runEdit() {
  $('edit-error').textContent = '';
  $('run-edit').disabled = true;
  const imageId = $('edit-modal').dataset.imageId;
  try {
    if (imageId) {
      await json('/api/v1/edit/image', { method: 'POST', headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ image_id: imageId, prompt: $('edit-prompt').value, model: $('edit-model').value, user: user() }) });
    } else {
      const file = $('edit-file').files[0];
      if (!file) throw new Error('choose a photo first');
      const form = new FormData();
      form.append('file', file);
      form.append('prompt', $('edit-prompt').value);
      form.append('model', $('edit-model').value);
      form.append('user', user());
      await json('/api/v1/edit/image/upload', { method: 'POST', body: form });
    }
    $('edit-modal').close();
    await refreshGallery(); await refreshQuota();
  } catch (e) { $('edit-error').textContent = e.message; } finally { $('run-edit').disabled = false; }
}
let templates = [];
function templateForm() {
  const form = new FormData();
  const file = $('template-file').files[0];
  if (file) form.append('file', file);
  form.append('user', user());
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
    await refreshGallery(); await refreshQuota();
  } catch (e) { $('error').textContent = e.message; } finally { $('generate').disabled = false; }
});
$('user').addEventListener('change', () => { refreshQuota(); refreshGallery(); });
$('model').addEventListener('change', () => {
  modelChoices();
  estimate(1, $('estimate')).catch((e) => { $('error').textContent = e.message; });
});
$('open-batch').addEventListener('click', () => $('batch-modal').showModal());
$('open-upload-edit').addEventListener('click', () => openEdit(null));
$('open-templates').addEventListener('click', () => { $('templates-modal').showModal(); previewTemplate(); });
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
const batchEstimate = () => estimate(batchPrompts().length, $('batch-estimate'), steps());
$('batch-prompts').addEventListener('input', batchEstimate);
['then-remove-background', 'then-upscale'].forEach((id) => $(id).addEventListener('change', batchEstimate));
$('run-batch').addEventListener('click', () => {
  const prompts = batchPrompts();
  runBatch(prompts, JSON.stringify({ prompts, then: steps(), ...settings() }), '/api/v1/generate/image/batch',
    { 'Content-Type': 'application/json' });
});
$('upload-batch').addEventListener('click', async () => {
  const file = $('prompt-file').files[0];
  if (!file) { $('batch-error').textContent = 'choose a .txt, .csv or .jsonl file first'; return; }
  const form = new FormData();
  form.append('file', file);
  Object.entries(settings()).forEach(([k, v]) => form.append(k, v));
  steps().forEach((s) => form.append('then', s));
  runBatch(null, form, '/api/v1/generate/image/batch/file'); // the server reads the file: it says what the prompts are
});
init().catch((e) => { $('error').textContent = e.message; });
