// A tiny single-page app: its links show another section without a reload, changing the address
// (history.pushState) and the title. With data-context="url,title", the widget reads both as each
// message is sent, so the chat always hears about the section the visitor is looking at.
const SECTIONS = {
  boots: {
    title: 'Boots — Trailhead Outfitters',
    heading: 'Boots for every trail',
    blurb: 'Waterproof, resoleable and broken in by our staff before they reach you.',
  },
  packs: {
    title: 'Packs — Trailhead Outfitters',
    heading: 'Packs from 20 to 70 litres',
    blurb: 'Fitted in the shop or by video call, with a frame that moves with you.',
  },
}

/** The section the address names (boots when it names none). */
const current = () => new URLSearchParams(location.search).get('section') ?? 'boots'

function show(name) {
  const section = SECTIONS[name] ?? SECTIONS.boots
  document.title = section.title
  document.querySelector('#heading').textContent = section.heading
  document.querySelector('#blurb').textContent = section.blurb
}

for (const link of document.querySelectorAll('[data-section]')) {
  link.addEventListener('click', (event) => {
    event.preventDefault()
    history.pushState(null, '', link.href)
    show(link.dataset.section)
  })
}
// Back and forward.
window.addEventListener('popstate', () => show(current()))
show(current())

// Asks the chat (opening it) about the page the visitor is on; the page goes with the question.
for (const button of document.querySelectorAll('[data-ask]')) {
  button.addEventListener('click', () => window.Parley?.send(button.dataset.ask))
}
