import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App.tsx';
import { startI18n } from './i18n/i18n.ts';
import './styles.css';

startI18n(navigator.languages);
claimPressableStyle();

const container = document.getElementById('root');
if (!container) throw new Error('index.html has no #root element');
createRoot(container).render(
  <StrictMode>
    <App />
  </StrictMode>,
);

/**
 * React Aria adds a <style> element with a touch-action rule for pressable elements unless an
 * element with its id is already in the page. The server's Content-Security-Policy refuses
 * inline styles, so styles.css carries the same rule and the built stylesheet's <link> takes
 * the id. (The development server injects styles itself and sends no such policy.)
 */
function claimPressableStyle(): void {
  const stylesheet = document.querySelector('link[rel="stylesheet"]');
  if (stylesheet && !document.getElementById('react-aria-pressable-style')) {
    stylesheet.id = 'react-aria-pressable-style';
  }
}
