/* The texts of the monthly report ("Monatsbericht"), German and English. */
import type { Language } from './i18n.ts';

export interface MonthlyTexts {
  nav: string;
  title: (city: string, month: string) => string;
  lead: string;
  print: string;
  printHint: string;
  headline: string;
  series: string;
  services: string;
  serviceHeading: (name: string) => string;
  unused: (names: string) => string;
  noServices: string;
  generated: (when: string) => string;
}

export const MONTHLY_TEXTS: Record<Language, MonthlyTexts> = {
  de: {
    nav: 'Monatsbericht',
    title: (city, month) => `Monatsbericht ${city}: ${month}`,
    lead: 'Die Zahlen eines abgeschlossenen Monats auf einen Blick: Nutzung des Portals, jeder Online-Dienst mit Trichter und Kennzahlen, der Vergleich mit den anderen Städten und die Anmerkungen Ihres Teams. Die eigenen Zahlen sind exakt; die der anderen Städte so, wie die Veröffentlichungsregeln sie zeigen.',
    print: 'Drucken oder als PDF speichern',
    printHint: 'Derselbe Bericht kommt monatlich als PDF per E-Mail, wenn der Betrieb ihn einrichtet.',
    headline: 'Der Monat in Zahlen',
    series: 'Besuchende je Tag',
    services: 'Online-Dienste',
    serviceHeading: (name) => `Dienst: ${name}`,
    unused: (names) => `Im Monat nicht genutzt: ${names}.`,
    noServices: 'Im Monat wurde kein Online-Dienst genutzt.',
    generated: (when) => `Erstellt am ${when}.`,
  },
  en: {
    nav: 'Monthly report',
    title: (city, month) => `Monthly report ${city}: ${month}`,
    lead: "A closed month at a glance: use of the portal, every online service with its funnel and key figures, the comparison with the other cities and your team's annotations. Your own numbers are exact; the other cities' as the publication rules show them.",
    print: 'Print or save as PDF',
    printHint: 'The same report arrives monthly as a PDF by e-mail once operations set it up.',
    headline: 'The month in numbers',
    series: 'Visitors per day',
    services: 'Online services',
    serviceHeading: (name) => `Service: ${name}`,
    unused: (names) => `Not used in the month: ${names}.`,
    noServices: 'No online service was used in the month.',
    generated: (when) => `Generated on ${when}.`,
  },
};
