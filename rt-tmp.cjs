const N = require('@microsoft/recognizers-text-number');
const f=(name,fn)=>{const t0=performance.now();const r=fn();console.log(name,(performance.now()-t0).toFixed(1),'ms');return r;};
const rec = f('ctor lazy', ()=>new N.NumberRecognizer('fr-fr', N.NumberOptions.None, true));
const m = f('getModel', ()=>rec.getNumberModel());
f('parse1', ()=>m.parse('a'));
f('parse2', ()=>m.parse('b'));
f('parse3', ()=>m.parse('dix-sept'));
f('parse4', ()=>m.parse('vingt et un'));
