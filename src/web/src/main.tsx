import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
// The stylesheets in cascade order: each component imports its own file too, but rules of the
// same specificity in different files depend on which comes later, so the order is fixed here
// once (the tokens and reset first). Each file ends with its own narrow-screen rules (@media),
// after the rules they override.
import './base.css';
import './components/Layout.css';
import './components/ui.css';
import './components/form.css';
import './pages/SignIn.css';
import './components/table.css';
import './pages/MetaUserDetail.css';
import './pages/Notifications.css';
import './pages/AdAccounts.css';
import './pages/AdminJobs.css';
import './components/switch.css';
import './components/card-flush.css';
import './pages/AlertPreferences.css';
import './components/DeliveryLog.css';
import './pages/Outbox.css';
import './pages/MetaUsers.css';
import './components/AttentionNotice.css';
import { App } from './App.tsx';

createRoot(document.getElementById('root') as HTMLElement).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
