// XML (packet-xml.c, 4.0): the token loop Wireshark's tvbparse grammar runs over a document (comments, CDATA,
// processing instructions, tags with attributes, closing tags, DOCTYPE, text) and the tree it builds.
import { registerFields, registerProtocol } from '../fields/registry.js';
import { FT } from '../fields/types.js';
import { expertAdd, expertField, type ExpertField } from './expert.js';
import { mediaTypes, setXmlHandle } from './media.js';
import { Group, type Packet, Severity } from './packet.js';
import { handle } from './tables.js';
import { formatBytes } from './text-util.js';
import type { Item } from './tree.js';
import type { Tvb } from './tvb.js';

export const proto = registerProtocol('xml', 'eXtensible Markup Language', 'XML');
const hf = registerFields(proto, {
  xmlpi: { abbrev: 'xml.xmlpi', name: 'XMLPI', type: FT.STRING },
  cdatasection: { abbrev: 'xml.cdatasection', name: 'CDATASection', type: FT.STRING },
  comment: { abbrev: 'xml.comment', name: 'Comment', type: FT.STRING },
  attribute: { abbrev: 'xml.attribute', name: 'Attribute', type: FT.STRING },
  doctype: { abbrev: 'xml.doctype', name: 'Doctype', type: FT.STRING },
  dtdtag: { abbrev: 'xml.dtdtag', name: 'DTD Tag', type: FT.STRING },
  cdata: { abbrev: 'xml.cdata', name: 'CDATA', type: FT.STRING },
  tag: { abbrev: 'xml.tag', name: 'Tag', type: FT.STRING },
  unknown: { abbrev: 'xml.unknown', name: 'Unknown', type: FT.STRING },
  // The one built-in processing-instruction namespace, "<?xml ...?>", and its known attributes.
  pi_xml: { abbrev: 'xml.xmlpi.xml', name: 'xml.xmlpi.xml', type: FT.STRING },
  pi_xml_version: { abbrev: 'xml.xmlpi.xml.version', name: 'version', type: FT.STRING },
  pi_xml_encoding: { abbrev: 'xml.xmlpi.xml.encoding', name: 'encoding', type: FT.STRING },
  pi_xml_standalone: { abbrev: 'xml.xmlpi.xml.standalone', name: 'standalone', type: FT.STRING },
});
const PI_XML_ATTRS = new Map([['version', hf.pi_xml_version], ['encoding', hf.pi_xml_encoding], ['standalone', hf.pi_xml_standalone]]);
const ei = {
  closingUnopened: expertField(proto, 'xml.closing_unopened_tag', Group.Malformed, Severity.Error, 'Closing an unopened tag'),
  closingUnopenedPi: expertField(proto, 'xml.closing_unopened_xmpli_tag', Group.Malformed, Severity.Error, 'Closing an unopened xmpli tag'),
  unrecognized: expertField(proto, 'xml.unrecognized_text', Group.Protocol, Severity.Warn, 'Unrecognized text'),
};

const NAME = new Uint8Array(256);
for (const c of 'abcdefghijklmnopqrstuvwxyz.-_ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789') NAME[c.charCodeAt(0)] = 1;
const ATTR_NAME = NAME.slice();
ATTR_NAME[0x3a] = 1;

/** proto_tree_add_expert: a text item with the message, carrying the expert info. */
function treeExpert(pkt: Packet, tree: Item, e: ExpertField, tvb: Tvb, off: number, len: number): void {
  const it = tree.addText(tvb, off, len, e.summary);
  expertAdd(pkt, it, e, e.summary, tvb, off, len);
}

interface Frame { tree: Item; lastItem: Item }

class Doc {
  readonly b: Uint8Array; readonly base: number; readonly end: number;
  constructor(readonly tvb: Tvb, readonly pkt: Packet) { this.b = tvb.buf; this.base = tvb.off; this.end = tvb.len; }
  at(p: number): number { return p < this.end ? this.b[this.base + p]! : -1; }
  ws(p: number): number { while (p < this.end) { const c = this.b[this.base + p]; if (c === 32 || c === 9 || c === 13 || c === 10) p++; else break; } return p; }
  lit(p: number, s: string, ci = false): boolean {
    if (p + s.length > this.end) return false;
    for (let i = 0; i < s.length; i++) {
      let c = this.b[this.base + p + i]!, d = s.charCodeAt(i);
      if (ci) { if (c >= 65 && c <= 90) c += 32; if (d >= 65 && d <= 90) d += 32; }
      if (c !== d) return false;
    }
    return true;
  }
  chars(p: number, set: Uint8Array): number { const s = p; while (p < this.end && set[this.b[this.base + p]!]) p++; return p - s; }
  /** until(s, include): offset after s, searching from p, or -1. */
  until(p: number, s: string): number {
    for (let q = p; q + s.length <= this.end; q++) if (this.lit(q, s)) return q + s.length;
    return -1;
  }
  text(s: number, e: number): string { return formatBytes(this.b, this.base + s, this.base + e); }
  /** tag name (scoped or plain): [end] or -1 */
  tagName(p: number): number {
    const n = this.chars(p, NAME);
    if (n === 0) return -1;
    let q = this.ws(p + n);
    if (this.at(q) === 0x3a) {
      q = this.ws(q + 1);
      const n2 = this.chars(q, NAME);
      if (n2 > 0) return q + n2;
    }
    return p + n;
  }
  /** One attribute "name = value": [start, end-of-token, next] or null. */
  attribute(p: number): { end: number; next: number } | null {
    const n = this.chars(p, ATTR_NAME);
    if (n === 0) return null;
    let q = this.ws(p + n);
    if (this.at(q) !== 0x3d) return null;
    q = this.ws(q + 1);
    const c = this.at(q);
    let e: number;
    if (c === 0x22 || c === 0x27) {
      let r = q + 1;
      while (r < this.end && this.at(r) !== c) r++;
      if (r >= this.end) return null;
      e = r + 1;
    } else {
      const d = this.chars(q, NAME);
      if (d === 0) return null;
      e = q + d;
    }
    return { end: e, next: this.ws(e) };
  }
  attributes(p: number): { list: [number, number][]; next: number } {
    const list: [number, number][] = [];
    for (;;) {
      const a = this.attribute(p);
      if (!a) break;
      list.push([p, a.end]);
      p = a.next;
    }
    return { list, next: p };
  }
}

function dissectXml(tvb: Tvb, pkt: Packet, tree: Item): number {
  pkt.protocol.append('/XML');
  const root = tree.add(proto, tvb, 0, -1, null);
  // Without a tree the walk below only yields expert infos (its reads stay within the captured bytes).
  if (!root.real && !pkt.wantExperts) return tvb.len;
  const d = new Doc(tvb, pkt);
  const stack: Frame[] = [{ tree: root, lastItem: root }];
  const top = (): Frame => stack[stack.length - 1]!;
  const pop = (item: Item, s: number, e: number, eiField = ei.closingUnopened): void => {
    if (stack.length > 1) stack.pop();
    else treeExpert(pkt, top().tree, eiField, tvb, s, e - s);
    void item;
  };
  // Attributes the namespace knows get its field with the value inside the quotes; others are xml.attribute with
  // the whole "name=value" text.
  const addAttrs = (list: [number, number][], known: Map<string, typeof hf.attribute> | null = null): void => {
    for (const [s, e] of list) {
      const f = top();
      let it: Item | null = null;
      if (known) {
        const n = d.chars(s, ATTR_NAME);
        const field = known.get(tvb.latin1(s, n).toLowerCase());
        if (field) {
          let v = d.ws(d.ws(s + n) + 1), ve = e;
          if (d.at(v) === 0x22 || d.at(v) === 0x27) { v++; ve--; }
          it = f.tree.add(field, tvb, v, ve - v, tvb.utf8(v, ve - v)).setText(d.text(s, e));
        }
      }
      it ??= f.tree.add(hf.attribute, tvb, s, e - s, tvb.utf8(s, e - s)).setText(d.text(s, e));
      f.lastItem = it;
    }
  };
  let p = 0;
  while (true) {
    p = d.ws(p);
    if (p >= d.end) break;
    const c = d.at(p);
    let next = -1;
    if (c === 0x3c) {
      // comment, CDATA section
      if (d.lit(p, '<!--')) {
        const e = d.until(d.ws(p + 4), '-->');
        if (e >= 0) { top().tree.add(hf.comment, tvb, p, e - p, tvb.latin1(p, e - p)).setText(d.text(p, e)); p = e; continue; }
      }
      if (d.lit(p, '<![CDATA[')) {
        const e = d.until(d.ws(p + 9), ']]>');
        if (e >= 0) { top().tree.add(hf.cdatasection, tvb, p, e - p, tvb.latin1(p, e - p)).setText(d.text(p, e)); p = e; continue; }
      }
      // processing instruction
      if (d.lit(p, '<?')) {
        const q = d.ws(p + 2);
        const n = d.chars(q, NAME);
        if (n > 0) {
          const r = d.ws(q + n);
          let stop = -1;
          let attrs: [number, number][] = [];
          if (d.lit(r, '?>')) stop = r;
          else {
            const a = d.attributes(r);
            if (a.list.length && d.lit(a.next, '?>')) { stop = a.next; attrs = a.list; }
          }
          if (stop >= 0) {
            const known = tvb.latin1(q, n) === 'xml';
            const it = top().tree.add(known ? hf.pi_xml : hf.xmlpi, tvb, p, stop + 2 - p, tvb.utf8(p, stop + 2 - p)).setText(d.text(p, q + n));
            stack.push({ tree: it, lastItem: it });
            addAttrs(attrs, known ? PI_XML_ATTRS : null);
            top().tree.addText(tvb, stop, 2, '?>');
            pop(it, stop, stop + 2, ei.closingUnopenedPi);
            p = stop + 2;
            continue;
          }
        }
      }
      // closing tag
      {
        const q = d.ws(p + 1);
        if (d.at(q) === 0x2f) {
          const r = d.ws(q + 1);
          const e = d.tagName(r);
          if (e >= 0) {
            const s = d.ws(e);
            if (d.at(s) === 0x3e) {
              const f = top();
              f.tree.addText(tvb, p, s + 1 - p, d.text(p, s + 1));
              pop(f.tree, p, s + 1);
              p = s + 1;
              continue;
            }
          }
        }
      }
      // <!DOCTYPE, ]>, <!...>
      {
        const q = d.ws(p + 1);
        if (d.at(q) === 0x21) {
          const r = d.ws(q + 1);
          if (d.lit(r, 'DOCTYPE', true)) {
            const s = d.ws(r + 7);
            const n = d.chars(s, NAME);
            if (n > 0) {
              const t = d.ws(s + n);
              if (d.at(t) === 0x5b) {
                const it = top().tree.add(hf.doctype, tvb, s, n, tvb.latin1(s, n)).setText(d.text(p, t + 1));
                stack.push({ tree: it, lastItem: it });
                p = t + 1;
                continue;
              }
              if (d.lit(t, 'PUBLIC', true) || d.lit(t, 'SYSTEM', true)) {
                const e = d.until(d.ws(t + 6), '>');
                if (e >= 0) {
                  const it = top().tree.add(hf.doctype, tvb, s, n, tvb.latin1(s, n)).setText(d.text(p, e));
                  void it;
                  p = e;
                  continue;
                }
              }
            }
          }
        }
      }
      // a DTD tag <! ... >
      {
        const q = d.ws(p + 1);
        if (d.at(q) === 0x21) {
          const e = d.until(d.ws(q + 1), '>');
          if (e >= 0) { top().tree.add(hf.dtdtag, tvb, p, e - p, tvb.latin1(p, e - p)).setText(d.text(p, e)); p = e; continue; }
        }
      }
      // an opening or empty tag
      {
        const q = d.ws(p + 1);
        const e = d.tagName(q);
        if (e >= 0) {
          const r = d.ws(e);
          let attrs: [number, number][] = [];
          let s = r;
          const a = d.attributes(r);
          if (a.list.length && (d.at(a.next) === 0x3e || d.lit(a.next, '/>'))) { attrs = a.list; s = a.next; }
          if (d.at(s) === 0x3e || d.lit(s, '/>')) {
            const closed = d.at(s) !== 0x3e;
            const stop = s + (closed ? 2 : 1);
            const it = top().tree.add(hf.tag, tvb, p, stop - p, tvb.utf8(p, stop - p)).setText(d.text(p, e));
            stack.push({ tree: it, lastItem: it });
            addAttrs(attrs);
            if (closed) { top().lastItem.appendText('/>'); pop(it, s, stop); }
            else top().lastItem.appendText('>');
            p = stop;
            continue;
          }
        }
      }
    } else if (c !== 0x5d || !(d.ws(p + 1) < d.end && d.at(d.ws(p + 1)) === 0x3e)) {
      // text up to the next '<'
      let e = p;
      while (e < d.end && d.at(e) !== 0x3c) e++;
      top().tree.add(stack.length > 1 ? hf.cdata : hf.unknown, tvb, p, e - p, tvb.latin1(p, e - p)).setText(d.text(p, e));
      p = e;
      continue;
    }
    if (c === 0x5d) {
      const e = d.ws(p + 1) + 1;
      const f = top();
      f.tree.addText(tvb, p, e - p, d.text(p, e));
      pop(f.tree, p, e);
      p = e;
      continue;
    }
    // unrecognized: up to the next white space
    let e = p;
    while (e < d.end) { const x = d.at(e); if (x === 32 || x === 9 || x === 13 || x === 10) break; e++; }
    treeExpert(pkt, top().tree, ei.unrecognized, tvb, p, e - p);
    next = e;
    p = next;
  }
  return tvb.len;
}

export const xmlHandle = handle('xml', 'XML', dissectXml);
setXmlHandle(xmlHandle);
for (const t of ['text/xml','text/vnd.wap.wml','text/vnd.wap.si','text/vnd.wap.sl','text/vnd.wap.co','text/vnd.wap.emn','application/3gpp-ims+xml','application/atom+xml','application/auth-policy+xml','application/ccmp+xml','application/conference-info+xml','application/cpim-pidf+xml','application/cpl+xml','application/dds-web+xml','application/im-iscomposing+xml','application/load-control+xml','application/mathml+xml','application/media_control+xml','application/note+xml','application/pidf+xml','application/pidf-diff+xml','application/poc-settings+xml','application/rdf+xml','application/reginfo+xml','application/resource-lists+xml','application/rlmi+xml','application/rls-services+xml','application/rss+xml','application/rs-metadata+xml','application/smil','application/simple-filter+xml','application/simple-message-summary+xml','application/simservs+xml','application/soap+xml','application/vnd.etsi.aoc+xml','application/vnd.etsi.cug+xml','application/vnd.etsi.iptvcommand+xml','application/vnd.etsi.iptvdiscovery+xml','application/vnd.etsi.iptvprofile+xml','application/vnd.etsi.iptvsad-bc+xml','application/vnd.etsi.iptvsad-cod+xml','application/vnd.etsi.iptvsad-npvr+xml','application/vnd.etsi.iptvservice+xml','application/vnd.etsi.iptvsync+xml','application/vnd.etsi.iptvueprofile+xml','application/vnd.etsi.mcid+xml','application/vnd.etsi.overload-control-policy-dataset+xml','application/vnd.etsi.pstn+xml','application/vnd.etsi.sci+xml','application/vnd.etsi.simservs+xml','application/vnd.etsi.tsl+xml','application/vnd.oma.xdm-apd+xml','application/vnd.oma.fnl+xml','application/vnd.oma.access-permissions-list+xml','application/vnd.oma.alias-principals-list+xml','application/upp-directory+xml','application/vnd.oma.xdm-hi+xml','application/vnd.oma.xdm-rhi+xml','application/vnd.oma.xdm-prefs+xml','application/vnd.oma.xdcp+xml','application/vnd.oma.bcast.associated-procedure-parameter+xml','application/vnd.oma.bcast.drm-trigger+xml','application/vnd.oma.bcast.imd+xml','application/vnd.oma.bcast.notification+xml','application/vnd.oma.bcast.sgdd+xml','application/vnd.oma.bcast.smartcard-trigger+xml','application/vnd.oma.bcast.sprov+xml','application/vnd.oma.cab-address-book+xml','application/vnd.oma.cab-feature-handler+xml','application/vnd.oma.cab-pcc+xml','application/vnd.oma.cab-subs-invite+xml','application/vnd.oma.cab-user-prefs+xml','application/vnd.oma.dd2+xml','application/vnd.oma.drm.risd+xml','application/vnd.oma.group-usage-list+xml','application/vnd.oma.pal+xml','application/vnd.oma.poc.detailed-progress-report+xml','application/vnd.oma.poc.final-report+xml','application/vnd.oma.poc.groups+xml','application/vnd.oma.poc.invocation-descriptor+xml','application/vnd.oma.poc.optimized-progress-report+xml','application/vnd.oma.scidm.messages+xml','application/vnd.oma.suppnot+xml','application/vnd.oma.xcap-directory+xml','application/vnd.omads-email+xml','application/vnd.omads-file+xml','application/vnd.omads-folder+xml','application/vnd.3gpp.access-transfer-events+xml','application/vnd.3gpp.bsf+xml','application/vnd.3gpp.comm-div-info+xml','application/vnd.3gpp.cw+xml','application/vnd.3gpp.iut+xml','application/vnc.3gpp.iut-config+xml','application/vnd.3gpp.mcptt-info+xml','application/vnd.3gpp.mcptt-mbms-usage-info+xml','application/vnd.3gpp.mcptt-location-info+xml','application/vnd.3gpp.mcptt-affiliation-command+xml','application/vnd.3gpp.mcptt-floor-request+xml','application/vnd.3gpp.mcptt-signed+xml','application/vnd.3gpp.mcptt-regroup+xml','application/vnd.3gpp.mcdata-info+xml','application/vnd.3gpp.mcdata-mbms-usage-info+xml','application/vnd.3gpp.mcdata-location-info+xml','application/vnd.3gpp.mcdata-affiliation-command+xml','application/vnd.3gpp.mcdata-regroup+xml','application/vnd.3gpp.mcvideo-info+xml','application/vnd.3gpp.mcvideo-mbms-usage-info+xml','application/vnd.3gpp.mcvideo-location-info+xml','application/vnd.3gpp.mcvideo-affiliation-command+xml','application/vnd.3gpp.transmission-request+xml','application/vnd.3gpp.mcptt-ue-init-config+xml','application/vnd.3gpp.mcptt-ue-config+xml','application/vnd.3gpp.mcptt-user-profile+xml','application/vnd.3gpp.mcptt-service-config+xml','application/vnd.3gpp.mcdata-service-config+xml','application/vnd.3gpp.mcvideo-service-config+xml','application/vnd.3gpp.mcvideo-ue-config+xml','application/vnd.3gpp.mcvideo-user-profile+xml','application/vnd.3gpp.mcdata-ue-config+xml','application/vnd.3gpp.mcdata-user-profile+xml','application/vnd.3gpp.mid-call+xml','application/vnd.3gpp-prose-pc3ch+xml','application/vnd.3gpp-prose+xml','application/vnd.3gpp.replication+xml','application/vnd.3gpp.sms+xml','application/vnd.3gpp.srvcc-info+xml','application/vnd.3gpp.srvcc-ext+xml','application/vnd.3gpp.state-and-event-info+xml','application/vnd.3gpp.ussd+xml','application/vnd.3gpp2.bcmcsinfo+xml','application/vnd.wv.csp+xml','application/vnd.wv.csp.xml','application/watcherinfo+xml','application/xcap-att+xml','application/xcap-caps+xml','application/xcap-diff+xml','application/xcap-el+xml','application/xcap-error+xml','application/xcap-ns+xml','application/xml','application/xml-dtd','application/xpidf+xml','application/xslt+xml','application/x-crd+xml','application/x-wms-logconnectstats','application/x-wms-logplaystats','application/x-wms-sendevent','image/svg+xml','message/imdn+xml']) mediaTypes.set(t, xmlHandle);
