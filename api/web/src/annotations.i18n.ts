/*
 * The texts of annotations: the markers and the list beneath each time series, and the panel "Anmerkungen" of the
 * city view, German and English with the same keys. Who may write and who reads which annotation is the api's rule
 * (api/README.md "Annotations").
 */
import type { Language } from './i18n.ts';

const de = {
  heading: 'Anmerkungen',
  chartListHeading: 'Anmerkungen im Zeitraum',
  wholePortal: 'Ganzes Portal',
  /** The line's tooltip on the chart, and the list's entry. */
  noteTitle: (day: string, scope: string, text: string) => `${day} – ${scope}: ${text}`,
  introWriter:
    'Notieren Sie, was die Zahlen erklärt: ein überarbeitetes Formular, eine Pressemitteilung, eine Störung. Jede Anmerkung erscheint als nummerierte Linie in den Verläufen dieser Stadt und im Monatsbericht. Andere Städte und die Programmleitung sehen nur Anmerkungen, die Sie für sie sichtbar machen.',
  introAdmin:
    'Alle Anmerkungen der Stadt im Zeitraum. Schreiben, ändern und löschen kann sie nur das Team der Stadt selbst.',
  introReader:
    'Anmerkungen des Teams der Stadt im Zeitraum, die es für andere Städte und die Programmleitung sichtbar gemacht hat. Schreiben kann sie nur das Team der Stadt selbst.',
  none: 'Keine Anmerkungen in diesem Zeitraum.',
  loadFailed: 'Die Anmerkungen konnten nicht geladen werden.',
  shared: 'für andere Städte sichtbar',
  notShared: 'nur für die eigene Stadt',
  csvLabel: 'Anmerkungen',

  newHeading: 'Neue Anmerkung',
  editHeading: 'Anmerkung bearbeiten',
  day: 'Datum',
  dayHint: 'TT.MM.JJJJ',
  service: 'Online-Dienst',
  text: 'Text',
  textHint: (max: number) => `höchstens ${max} Zeichen, keine Namen oder andere persönliche Daten`,
  share: 'für andere Städte sichtbar',
  shareHint: 'Andere Städte und die Programmleitung sehen dann diese Anmerkung.',
  save: 'Anmerkung speichern',
  saveEdit: 'Änderung speichern',
  cancel: 'Abbrechen',
  edit: 'Bearbeiten',
  editOf: (what: string) => `Bearbeiten: ${what}`,
  remove: 'Löschen',
  removeOf: (what: string) => `Löschen: ${what}`,
  confirmRemove: (what: string) => `Diese Anmerkung löschen? ${what}`,
  confirmYes: 'Ja, löschen',
  created: 'Die Anmerkung ist gespeichert.',
  updated: 'Die Änderung ist gespeichert.',
  removed: 'Die Anmerkung ist gelöscht.',
  errorDay: 'Bitte geben Sie das Datum als TT.MM.JJJJ ein, zwischen 2000 und 2099.',
  errorText: 'Bitte geben Sie einen Text ein.',
  errorTextLong: (max: number) => `Der Text ist zu lang: höchstens ${max} Zeichen.`,
  errorTextCharacters: 'Der Text darf keine Zeilenumbrüche oder Steuerzeichen enthalten.',
  errorGone: 'Diese Anmerkung gibt es nicht mehr. Die Liste ist neu geladen.',
  errorSave: 'Die Anmerkung konnte nicht gespeichert werden. Bitte versuchen Sie es erneut.',
};

export type AnnotationTexts = typeof de;

const en: AnnotationTexts = {
  heading: 'Annotations',
  chartListHeading: 'Annotations in this period',
  wholePortal: 'Whole portal',
  noteTitle: (day, scope, text) => `${day} – ${scope}: ${text}`,
  introWriter:
    'Note what explains the numbers: a revised form, a press release, an outage. Each annotation appears as a numbered line in this city’s time series and in the monthly report. Other cities and the programme office see only the annotations you make visible to them.',
  introAdmin:
    'All of the city’s annotations in this period. Only the city’s own team writes, edits and deletes them.',
  introReader:
    'Annotations of the city’s team in this period that it made visible to other cities and the programme office. Only the city’s own team writes them.',
  none: 'No annotations in this period.',
  loadFailed: 'The annotations could not be loaded.',
  shared: 'visible to other cities',
  notShared: 'own city only',
  csvLabel: 'Annotations',

  newHeading: 'New annotation',
  editHeading: 'Edit annotation',
  day: 'Date',
  dayHint: 'DD/MM/YYYY',
  service: 'Online service',
  text: 'Text',
  textHint: (max) => `at most ${max} characters, no names or other personal data`,
  share: 'visible to other cities',
  shareHint: 'Other cities and the programme office then see this annotation.',
  save: 'Save annotation',
  saveEdit: 'Save changes',
  cancel: 'Cancel',
  edit: 'Edit',
  editOf: (what) => `Edit: ${what}`,
  remove: 'Delete',
  removeOf: (what) => `Delete: ${what}`,
  confirmRemove: (what) => `Delete this annotation? ${what}`,
  confirmYes: 'Yes, delete',
  created: 'The annotation is saved.',
  updated: 'The changes are saved.',
  removed: 'The annotation is deleted.',
  errorDay: 'Please enter the date as DD/MM/YYYY, between 2000 and 2099.',
  errorText: 'Please enter a text.',
  errorTextLong: (max) => `The text is too long: at most ${max} characters.`,
  errorTextCharacters: 'The text must not contain line breaks or control characters.',
  errorGone: 'This annotation no longer exists. The list has been reloaded.',
  errorSave: 'The annotation could not be saved. Please try again.',
};

export const ANNOTATION_TEXTS: Record<Language, AnnotationTexts> = { de, en };
