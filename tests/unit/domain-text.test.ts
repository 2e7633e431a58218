import { describe, expect, it } from 'vitest';
import { cleanText, decodeHtmlEntities, identityKey, latinBase, looseKey, memoise, slugify } from '../../src/domain/text.js';

describe('cleanText', () => {
  it('trims and collapses runs of any Unicode space to one space', () => {
    expect(cleanText('  Ana   Ruiz  ')).toBe('Ana Ruiz');
    expect(cleanText('Ana\tRuiz\r\n')).toBe('Ana Ruiz');
    expect(cleanText('Ana\u00a0\u2003Ruiz')).toBe('Ana Ruiz');
    expect(cleanText('\ufeffAna Ruiz')).toBe('Ana Ruiz');
    expect(cleanText('line one\nline two')).toBe('line one line two');
  });

  it('composes decomposed letters (NFC)', () => {
    const decomposed = 'Zoe\u0308 Mu\u0308ller';
    expect(cleanText(decomposed)).toBe('Zo\u00eb M\u00fcller');
    expect(cleanText(decomposed)).toBe(cleanText('Zoë Müller'));
  });

  it('leaves clean text, blank text and punctuation alone', () => {
    expect(cleanText('S. J. Clarkson')).toBe('S. J. Clarkson');
    expect(cleanText("O'Brien-Smith")).toBe("O'Brien-Smith");
    expect(cleanText('')).toBe('');
    expect(cleanText('   ')).toBe('');
  });

  it('drops the invisible marks web pages put around names: LRM, RLM, soft hyphens, bidi embeddings and isolates', () => {
    expect(cleanText('\u200eAva DuVernay\u200f')).toBe('Ava DuVernay');
    expect(cleanText('Ava Du\u00adVernay')).toBe('Ava DuVernay');
    expect(cleanText('\u202bAva\u202c \u2067DuVernay\u2069')).toBe('Ava DuVernay');
    for (let c = 0x202a; c <= 0x202e; c++) expect(cleanText(`Ava${String.fromCharCode(c)} Ruiz`)).toBe('Ava Ruiz');
    for (let c = 0x2066; c <= 0x2069; c++) expect(cleanText(`Ava ${String.fromCharCode(c)}Ruiz`)).toBe('Ava Ruiz');
    expect(cleanText('Ava &#x200E;Ruiz')).toBe('Ava Ruiz');
    // a mark alone leaves a blank cell, as a blank cell is
    expect(cleanText('\u200e')).toBe('');
  });

  it('keeps the joiners that Persian, Indic scripts and emoji need (ZWJ, ZWNJ)', () => {
    expect(cleanText('\u0645\u06cc\u200c\u062e\u0648\u0627\u0647\u0645')).toBe('\u0645\u06cc\u200c\u062e\u0648\u0627\u0647\u0645');
    expect(cleanText('\u0915\u094d\u200d\u0937')).toBe('\u0915\u094d\u200d\u0937');
    expect(cleanText('Ana 👩\u200d💻')).toBe('Ana 👩\u200d💻');
  });
});

describe('identityKey', () => {
  it('folds case, so differently capitalised spellings are one person', () => {
    expect(identityKey(cleanText('ANA RUIZ'))).toBe('ana ruiz');
    expect(identityKey(cleanText('Ana  Ruiz'))).toBe('ana ruiz');
    expect(identityKey(cleanText(' ana ruiz '))).toBe('ana ruiz');
  });

  it('folds non-ASCII case and composition alike', () => {
    expect(identityKey(cleanText('ZOË MÜLLER'))).toBe(identityKey(cleanText('Zoe\u0308 Mu\u0308ller')));
    expect(identityKey('STRASSE')).toBe(identityKey('Straße'));
  });

  it('keeps names that differ in more than case apart', () => {
    expect(identityKey('José Luis')).not.toBe(identityKey('Jose Luis'));
    expect(identityKey('Dana Baratta')).not.toBe(identityKey('Dana Barrata'));
  });
});

describe('looseKey', () => {
  it('ignores case, spaces, underscores, punctuation and diacritics', () => {
    for (const s of ['Directed by', 'directed_by', 'DIRECTED-BY', ' directed.by ']) expect(looseKey(s)).toBe('directedby');
    expect(looseKey('No. in season')).toBe('noinseason');
    expect(looseKey('Season #')).toBe('season');
    expect(looseKey('Épisode')).toBe('episode');
    expect(looseKey('n/a')).toBe('na');
    expect(looseKey('?')).toBe('');
  });

  it('keeps letters of any script and digits', () => {
    expect(looseKey('Ψυχή 2')).toBe('ψυχη2');
    expect(looseKey('東京 (2)')).toBe('東京2');
    expect(looseKey('Ep 10')).toBe('ep10');
  });
});

describe('slugify', () => {
  it('joins lowercase ASCII words with single hyphens', () => {
    expect(slugify("Marvel's Jessica Jones")).toBe('marvels-jessica-jones');
    expect(slugify('Law & Order: SVU')).toBe('law-order-svu');
    expect(slugify('--Edge  Case--')).toBe('edge-case');
  });

  it('drops every kind of apostrophe instead of splitting the word', () => {
    for (const apostrophe of ["'", '’', '‘', 'ʼ', '`', '´']) expect(slugify(`Grey${apostrophe}s Anatomy`)).toBe('greys-anatomy');
  });

  it('removes diacritics and spells out letters that do not decompose', () => {
    expect(slugify('Amélie à Paris')).toBe('amelie-a-paris');
    expect(slugify('Straße')).toBe('strasse');
    expect(slugify('Œuvre Æther')).toBe('oeuvre-aether');
    expect(slugify('Øresund Łódź Đakovo Þór')).toBe('oresund-lodz-dakovo-thor');
  });

  it('leaves nothing of a title without Latin letters', () => {
    expect(slugify('東京')).toBe('');
    expect(latinBase('Σ Straße')).toBe('σ strasse');
  });
});

describe('memoise', () => {
  it('computes each input once, including undefined results', () => {
    const calls: string[] = [];
    const f = memoise((s) => {
      calls.push(s);
      return s === 'none' ? undefined : s.length;
    });
    expect([f('abc'), f('abc'), f('none'), f('none')]).toEqual([3, 3, undefined, undefined]);
    expect(calls).toEqual(['abc', 'none']);
  });

  it('stays bounded: forgets everything when full and keeps answering correctly', () => {
    let calls = 0;
    const f = memoise((s) => {
      calls++;
      return s.toUpperCase();
    }, 2);
    expect([f('a'), f('b'), f('c'), f('a')]).toEqual(['A', 'B', 'C', 'A']);
    expect(calls).toBe(4);
  });
});

describe('decodeHtmlEntities (through cleanText)', () => {
  it('decodes the references text copied from a page source holds', () => {
    expect(cleanText('Ann Lee &amp; Bo Kim')).toBe('Ann Lee & Bo Kim');
    expect(cleanText('AT&AMP;T')).toBe('AT&T');
    expect(cleanText('Zo&#235; M&#xFC;ller')).toBe('Zoë Müller');
    expect(cleanText('O&apos;Neill &quot;Jr&quot; &lt;b&gt;')).toBe('O\'Neill "Jr" <b>');
    expect(cleanText('Ana&nbsp;Ruiz')).toBe('Ana Ruiz'); // a no-break space is a space
    expect(decodeHtmlEntities('&#x1F600;')).toBe('\u{1F600}');
  });
  it('leaves alone what is not a reference, and references to control characters or surrogates', () => {
    for (const s of ['AT&T', 'Tom & Jerry', '&amp', '&foo;', '&#;', '&#0;', '&#1;', '&#x7F;', '&#x85;', '&#xD800;', '&#x110000;'])
      expect(decodeHtmlEntities(s), s).toBe(s);
  });
});
