// data-launcher="none": the widget draws no bubble, and the page's own buttons open it. When the chat
// closes (Esc or its close button), focus goes back to the button it was opened from.
const chat = document.querySelector('[data-open-chat]')
chat?.addEventListener('click', () => window.Parley?.open())
// Opens the chat with the text in the composer, for the visitor to finish and send.
for (const button of document.querySelectorAll('[data-draft]')) {
  button.addEventListener('click', () => window.Parley?.open({ message: button.dataset.draft }))
}
// Opens the chat and sends the question at once.
for (const button of document.querySelectorAll('[data-ask]')) {
  button.addEventListener('click', () =>
    window.Parley?.open({ message: button.dataset.ask, send: true }),
  )
}
// The page's button says whether the chat it opens is open.
window.Parley?.on('open', () => chat?.setAttribute('aria-expanded', 'true'))
window.Parley?.on('close', () => chat?.setAttribute('aria-expanded', 'false'))
