// Two widgets, one per app of the relay. window.Parley is the first (support); Parley.get('<data-app>')
// returns each one's API, so this button asks the sales chat, and only it.
for (const button of document.querySelectorAll('[data-ask-sales]')) {
  button.addEventListener('click', () => window.Parley?.get('sales')?.send(button.dataset.askSales))
}

// Events are dispatched on each widget's host element and bubble to window: event.target tells the
// widgets apart (#parley-widget is the first, #parley-widget-<data-app> a later one).
const names = { 'parley-widget': 'Trailhead Help', 'parley-widget-sales': 'Trailhead Sales' }
const lastReply = document.querySelector('#last-reply')
window.addEventListener('parley:message', (event) => {
  if (lastReply && event.detail.role === 'assistant') {
    lastReply.textContent = `Last reply from ${names[event.target.id] ?? event.target.id}.`
  }
})
