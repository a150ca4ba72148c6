// The top bar's menus: one open at a time, closed by a click elsewhere or Esc.
const menus = Array.from(document.querySelectorAll('.nav-menu'));
for (const menu of menus) {
  menu.addEventListener('toggle', () => {
    if (menu.open) for (const other of menus) if (other !== menu) other.open = false;
  });
}
document.addEventListener('click', (event) => {
  for (const menu of menus) if (menu.open && !menu.contains(event.target)) menu.open = false;
});
document.addEventListener('keydown', (event) => {
  if (event.key !== 'Escape') return;
  for (const menu of menus) if (menu.open) { menu.open = false; menu.querySelector('summary').focus(); }
});
