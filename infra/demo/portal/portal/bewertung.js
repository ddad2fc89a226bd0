// The anonymous feedback widget the EU Single Digital Gateway asks for: a score from 1 to 5, reported through
// the analytics script (when the city embeds it and the citizen has not opted out), never with free text.
(() => {
  const box = document.getElementById('bewertung');
  box.addEventListener('click', (e) => {
    const button = e.target.closest('[data-bewertung]');
    if (!button) return;
    window.godonu?.track('rating', { score: Number(button.dataset.bewertung) });
    const thanks = document.createElement('p');
    thanks.className = 'hinweis';
    thanks.textContent = 'Vielen Dank für Ihre Bewertung.';
    box.replaceChildren(thanks);
  });
})();
