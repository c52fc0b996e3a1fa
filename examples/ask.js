// The page's own buttons drive the widget through window.Parley. It exists as soon as widget.js has
// run; calls made before the chat app has loaded load it and are replayed in order.
for (const button of document.querySelectorAll('[data-ask]')) {
  button.addEventListener('click', () => window.Parley?.send(button.dataset.ask))
}
document.querySelector('[data-open-chat]')?.addEventListener('click', () => window.Parley?.open())
