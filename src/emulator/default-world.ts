/**
 * The demo world: two Italian agencies' worth of Meta data plus an English-speaking retailer.
 * Five people: the service's demo seed (src/demo/) brings each one's token to a different state.
 * It has no app: the service registers its own with `POST /__control/apps`. Every user's
 * password is `meta-demo` (documented in docs/emulator.md).
 */
import type { World, WorldCampaign } from './world.ts';

export const DEMO_PASSWORD = 'meta-demo';

const campaigns = (adAccount: string, base: number, names: Array<[string, WorldCampaign['status']]>): WorldCampaign[] =>
  names.map(([name, status], i) => ({ id: String(base + i), adAccount, name, status, objective: i % 2 ? 'OUTCOME_TRAFFIC' : 'OUTCOME_SALES' }));

export function defaultWorld(): World {
  return {
    apps: [],
    users: [
      { id: '10228401551906001', name: 'Giulia Rossi', email: 'giulia@example.it', password: DEMO_PASSWORD },
      { id: '10228401551906002', name: 'Marco Bianchi', email: 'marco@example.it', password: DEMO_PASSWORD },
      { id: '10228401551906003', name: 'Emma Clarke', email: 'emma@example.com', password: DEMO_PASSWORD },
      { id: '10228401551906004', name: 'Luca Ferrari', email: 'luca@example.it', password: DEMO_PASSWORD },
      { id: '10228401551906005', name: 'Sofia Greco', email: 'sofia@example.it', password: DEMO_PASSWORD },
    ],
    businesses: [
      {
        id: '1402958830112001',
        name: 'Agenzia Aurora Digitale',
        admins: ['10228401551906001'],
        systemUsers: [{ id: '61550000000001', name: 'Aurora Sync (utente di sistema)' }],
      },
      {
        id: '1402958830112002',
        name: 'Northwind Retail Ltd',
        admins: ['10228401551906003'],
        systemUsers: [{ id: '61550000000002', name: 'Northwind Reporting System User' }],
      },
    ],
    adAccounts: [
      { id: 'act_2300000000000001', name: 'Trattoria da Gino – Ristorante', business: '1402958830112001', users: ['10228401551906002', '10228401551906004'], systemUsers: ['61550000000001'], pixels: ['880000000000001'], currency: 'EUR', timezone: 'Europe/Rome' },
      { id: 'act_2300000000000002', name: 'Moda Milano – E-commerce', business: '1402958830112001', systemUsers: ['61550000000001'], pixels: ['880000000000002'], currency: 'EUR', timezone: 'Europe/Rome' },
      { id: 'act_2300000000000003', name: 'Palestra Vita – Iscrizioni', business: '1402958830112001', users: ['10228401551906002', '10228401551906005'], currency: 'EUR', timezone: 'Europe/Rome' },
      { id: 'act_2300000000000004', name: 'Northwind UK – Always On', business: '1402958830112002', systemUsers: ['61550000000002'], pixels: ['880000000000003'], clientBusinesses: ['1402958830112001'], currency: 'GBP', timezone: 'Europe/London' },
      { id: 'act_2300000000000005', name: 'Northwind US – Seasonal Sales', business: '1402958830112002', systemUsers: ['61550000000002'], pixels: ['880000000000003'], currency: 'USD', timezone: 'America/New_York' },
      { id: 'act_2300000000000006', name: 'Marco Bianchi – Account personale', users: ['10228401551906002'], currency: 'EUR', timezone: 'Europe/Rome' },
    ],
    pages: [
      { id: '104400000000001', name: 'Trattoria da Gino', business: '1402958830112001', users: ['10228401551906002'], systemUsers: ['61550000000001'], category: 'Ristorante italiano' },
      { id: '104400000000002', name: 'Moda Milano', business: '1402958830112001', systemUsers: ['61550000000001'], category: 'Negozio di abbigliamento' },
      { id: '104400000000003', name: 'Northwind Retail', business: '1402958830112002', systemUsers: ['61550000000002'], category: 'Retail company' },
      { id: '104400000000004', name: 'Palestra Vita Bologna', business: '1402958830112001', users: ['10228401551906002', '10228401551906005'], category: 'Palestra' },
    ],
    pixels: [
      { id: '880000000000001', name: 'Pixel Trattoria da Gino', business: '1402958830112001', systemUsers: ['61550000000001'] },
      { id: '880000000000002', name: 'Pixel Moda Milano', business: '1402958830112001', systemUsers: ['61550000000001'] },
      { id: '880000000000003', name: 'Northwind Main Pixel', business: '1402958830112002', systemUsers: ['61550000000002'] },
    ],
    catalogs: [
      { id: '990000000000001', name: 'Catalogo Moda Milano – Primavera/Estate', business: '1402958830112001', systemUsers: ['61550000000001'] },
      { id: '990000000000002', name: 'Northwind Product Feed', business: '1402958830112002', systemUsers: ['61550000000002'] },
    ],
    campaigns: [
      ...campaigns('act_2300000000000001', 120210000000001, [['Pranzo di lavoro – Bologna centro', 'ACTIVE'], ['Cena romantica – San Valentino', 'PAUSED']]),
      ...campaigns('act_2300000000000002', 120210000000101, [['Saldi estivi – Retargeting', 'ACTIVE'], ['Nuova collezione – Prospecting', 'ACTIVE'], ['Black Friday', 'PAUSED']]),
      ...campaigns('act_2300000000000003', 120210000000201, [['Iscrizioni settembre', 'ACTIVE']]),
      ...campaigns('act_2300000000000004', 120210000000301, [['Brand awareness – UK', 'ACTIVE'], ['Catalogue sales – UK', 'ACTIVE']]),
      ...campaigns('act_2300000000000005', 120210000000401, [['Holiday season – US', 'ACTIVE'], ['Clearance – US', 'PAUSED']]),
      ...campaigns('act_2300000000000006', 120210000000501, [['Test personale', 'PAUSED']]),
    ],
  };
}
