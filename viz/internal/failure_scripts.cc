#include "viz/internal/failure_scripts.h"

namespace faultline::viz::internal::failure {

// Scrolls a wide timeline to the stuck op, and links every view of an op (the story's bar,
// the timeline's bar, the table's row: all carry data-op="<op number>"): hovering one
// highlights it in all, clicking one selects it (class hl) and scrolls the other views to
// it, and `#op-772` (or `#row-772`) in the URL selects op 772 on load. Without scripts the
// page is complete, only less convenient. Kept free of '<' and '&' so the page stays
// well-formed XML without a CDATA section.
const char kOpLinkScript[] = R"(<script>
(function () {
  var scroll = document.querySelector('.scroll[data-focus]');
  if (scroll) {
    scroll.scrollLeft = Number(scroll.getAttribute('data-focus')) - scroll.clientWidth / 2;
  }
  var storyBox = document.getElementById('story-scroll');
  var items = document.querySelectorAll('[data-op]');
  var selected = null;
  function each(op, fn) {
    Array.prototype.forEach.call(items, function (el) {
      if (el.getAttribute('data-op') === op) { fn(el); }
    });
  }
  function viewOf(el) {
    if (el.closest('#story')) { return 'story'; }
    return el.closest('#timeline') ? 'timeline' : 'ops';
  }
  // Centres el inside its scroll box, without moving the page.
  function centreIn(box, el, vertical) {
    var b = box.getBoundingClientRect();
    var r = el.getBoundingClientRect();
    if (vertical) { box.scrollTop += r.top - b.top - box.clientHeight / 2; }
    box.scrollLeft += r.left - b.left - box.clientWidth / 2;
  }
  // Scrolls the views other than `from` ('story', 'timeline', 'ops') to the op; on load
  // (from null) only the boxes inside the page scroll, so the page stays where the URL put it.
  function reveal(op, from) {
    var inStory = null;
    var inTimeline = null;
    var inTable = null;
    each(op, function (el) {
      var v = viewOf(el);
      if (v === 'story') { inStory = el; }
      if (v === 'timeline') { inTimeline = el; }
      if (v === 'ops') { inTable = el; }
    });
    if (inStory !== null ? from !== 'story' : false) {
      centreIn(storyBox, inStory, true);
      if (from !== null) { storyBox.scrollIntoView({block: 'nearest'}); }
    }
    if (inTimeline !== null ? from !== 'timeline' : false) {
      if (from === 'story') { inTimeline.scrollIntoView({block: 'center', inline: 'nearest'}); }
      centreIn(scroll, inTimeline, false);
    } else if (inTable !== null ? from === 'story' : false) {
      inTable.scrollIntoView({block: 'center'});
    }
  }
  function select(op, from) {
    if (selected !== null) { each(selected, function (el) { el.classList.remove('hl'); }); }
    selected = op;
    each(op, function (el) { el.classList.add('hl'); });
    reveal(op, from);
  }
  Array.prototype.forEach.call(items, function (el) {
    var op = el.getAttribute('data-op');
    el.addEventListener('mouseenter', function () {
      each(op, function (x) { x.classList.add('hov'); });
    });
    el.addEventListener('mouseleave', function () {
      each(op, function (x) { x.classList.remove('hov'); });
    });
    el.addEventListener('click', function (e) {
      e.preventDefault();
      select(op, viewOf(el));
      history.replaceState(null, '', '#op-' + op);
    });
  });
  function fromHash() {
    var m = /^#(?:op|row)-(\d+)$/.exec(location.hash) || /\Wop=(\d+)/.exec(location.search);
    if (m) { select(m[1], null); }
  }
  fromHash();
  window.addEventListener('hashchange', fromHash);
})();
</script>
)";

// The slider, the cursor and the node table. Indexes the JSON blob only. Kept free of '<'
// and '&' so the page stays well-formed XML without a CDATA section.
const char kStepScript[] = R"(<script>
(function () {
  var blob = document.getElementById('steps-data');
  if (!blob) { return; }
  var d = JSON.parse(blob.textContent);
  var n = d.steps.length;
  var slider = document.getElementById('step');
  var cursor = document.getElementById('st-step-cursor');
  var label = document.getElementById('step-text');
  var box = document.getElementById('story-scroll');
  var rows = document.querySelectorAll('#replicas tbody tr');
  var current = 1;
  function flag(f, bit) { return Math.floor(f / bit) % 2 === 1; }
  function show(k, follow) {
    k = Math.max(1, Math.min(n, k));
    current = k;
    slider.value = String(k);
    var s = d.steps[k - 1];
    var prev = k === 1 ? null : d.steps[k - 2];
    cursor.setAttribute('y1', String(s[0] / 10));
    cursor.setAttribute('y2', String(s[0] / 10));
    label.textContent = 'step ' + k + ' of ' + n + ': ' + d.s[s[1]];
    Array.prototype.forEach.call(rows, function (tr, i) {
      var b = 2 + i * 5;
      var f = s[b + 4];
      var role = d.s[s[b]];
      if (flag(f, 2)) { role = 'paused; ' + role; }
      if (flag(f, 1)) { role = 'down; ' + role; }
      var cells = tr.querySelectorAll('td');
      cells[1].textContent = role === '' ? '-' : role;
      cells[1].title = d.s[s[b + 1]];
      cells[2].textContent = d.s[s[b + 2]] === '' ? '-' : d.s[s[b + 2]];
      cells[2].title = d.s[s[b + 3]];
      var changed = prev !== null;
      if (changed) {
        changed = prev[b] !== s[b] || prev[b + 2] !== s[b + 2] || prev[b + 4] !== s[b + 4];
      }
      tr.classList.toggle('changed', changed);
    });
    if (follow) { box.scrollTop = s[0] / 10 - box.clientHeight / 2; }
  }
  slider.addEventListener('input', function () { show(Number(slider.value), true); });
  document.addEventListener('keydown', function (e) {
    if (e.target === slider) { return; }  // the slider moves itself
    if (e.key === 'ArrowLeft') { show(current - 1, true); e.preventDefault(); }
    if (e.key === 'ArrowRight') { show(current + 1, true); e.preventDefault(); }
  });
  var m = /^#step-(\d+)$/.exec(location.hash) || /\Wstep=(\d+)/.exec(location.search);
  show(m ? Number(m[1]) : 1, Boolean(m));
  window.addEventListener('hashchange', function () {
    var h = /^#step-(\d+)$/.exec(location.hash);
    if (h) { show(Number(h[1]), true); }
  });
})();
</script>
)";

}  // namespace faultline::viz::internal::failure
