#!/usr/bin/env node
/**
 * Deterministic generator of seed-like VuFind records (PubMed/PMC harvests of scholarly articles)
 * for benchmarks. Same options → byte-identical output. No dependencies beyond Node built-ins.
 *
 *   node bench/generate.mjs --count N [--seed S] [--format page|solr] [--out FILE]
 *                           [--start I] [--persons P]
 *
 * Layouts:
 * - `page`: exactly the layout of samples/seed-pubmed-9158348.txt (Spanish top block with blanked
 *   author links, then the staff view as a `field | value |` pipe table). The CLI writes each
 *   record followed by one newline.
 * - `solr`: one Solr document per line (JSON Lines), multi-valued fields as arrays as VuFind's
 *   schema declares them, `_version_` as a bare 19-digit JSON number as Solr writes it.
 *
 * Record `i` (0-based, counted from 0 even when `startIndex` > 0) depends only on (seed, i,
 * persons), so shards made with `startIndex` and the same `persons` concatenate to the single-run
 * corpus. `persons` defaults to max(1000, 2 × count), so pass it explicitly when sharding.
 */
import { createWriteStream, realpathSync } from 'node:fs';
import { once } from 'node:events';
import { finished } from 'node:stream/promises';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';

// ---------------------------------------------------------------------------------------------
// PRNG and hashing
// ---------------------------------------------------------------------------------------------

/** mulberry32: a small, fast 32-bit seeded PRNG returning floats in [0, 1). */
export function mulberry32(a) {
  return function next() {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function mix(h, k) {
  k = Math.imul(k, 0xcc9e2d51);
  k = (k << 15) | (k >>> 17);
  k = Math.imul(k, 0x1b873593);
  h ^= k;
  h = (h << 13) | (h >>> 19);
  return (Math.imul(h, 5) + 0xe6546b64) | 0;
}

/** murmur3-style hash of 32-bit integers to an unsigned 32-bit integer. */
function hash(a, b = 0, c = 0, d = 0) {
  let h = 0x2545f491;
  h = mix(h, a);
  h = mix(h, b);
  h = mix(h, c);
  h = mix(h, d);
  h ^= 16;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/** A bijection of [0, domain) (domain ≤ 2^bits, bits even): Feistel network with cycle walking. */
function permute(i, domain, bits, key) {
  const half = bits >>> 1;
  const mask = (1 << half) - 1;
  let x = i;
  do {
    let l = x >>> half;
    let r = x & mask;
    for (let round = 0; round < 4; round++) {
      const f = hash(key, round, r) & mask;
      const t = l ^ f;
      l = r;
      r = t;
    }
    x = ((l << half) | r) >>> 0;
  } while (x >= domain);
  return x;
}

/** Random helpers bound to one PRNG. */
class Rand {
  constructor(seed) {
    this.next = mulberry32(seed);
  }
  /** Integer in [lo, hi]. */
  int(lo, hi) {
    return lo + Math.floor(this.next() * (hi - lo + 1));
  }
  pick(list) {
    return list[Math.floor(this.next() * list.length)];
  }
  chance(p) {
    return this.next() < p;
  }
  /** `k` distinct items of `list` in random order. */
  sample(list, k) {
    const copy = list.slice();
    const n = Math.min(k, copy.length);
    for (let i = 0; i < n; i++) {
      const j = i + Math.floor(this.next() * (copy.length - i));
      const t = copy[i];
      copy[i] = copy[j];
      copy[j] = t;
    }
    return copy.slice(0, n);
  }
  /** Float in [lo, hi) with `digits` decimals, as text. */
  dec(lo, hi, digits = 1) {
    return (lo + this.next() * (hi - lo)).toFixed(digits);
  }
}

/** Weighted choice from `[item, weight]` pairs; returns a function of a Rand. */
function weighted(pairs) {
  const items = pairs.map((p) => p[0]);
  const cum = [];
  let total = 0;
  for (const [, w] of pairs) cum.push((total += w));
  return (rand) => {
    const u = rand.next() * total;
    let i = 0;
    while (cum[i] <= u) i++;
    return items[i];
  };
}

// ---------------------------------------------------------------------------------------------
// VuFind work keys
// ---------------------------------------------------------------------------------------------

const ASCII = /^[\x20-\x7e]*$/;

/**
 * VuFind's default work-key normalisation (`:: NFD; :: lower; :: Latin; :: [^[:letter:]
 * [:number:]] Remove; :: NFKC;`, cut to 255). Generated text is Latin script only, so the Latin
 * transliteration step is the identity here.
 */
export function workKeyNorm(text) {
  if (ASCII.test(text)) return text.toLowerCase().replace(/[^a-z0-9]/g, '').slice(0, 255);
  return text.normalize('NFD').toLowerCase().replace(/[^\p{L}\p{N}]/gu, '').normalize('NFKC').slice(0, 255);
}

/**
 * `work_keys_str_mv` as VuFind builds it: `AT <norm(author)> <norm(title)>` for every author with
 * the full title, then every author with the title minus a leading English article (when that
 * normalises differently); keys de-duplicated in order.
 */
export function workKeys(authors, title) {
  const titles = [workKeyNorm(title)];
  const stripped = workKeyNorm(stripArticle(title));
  if (stripped !== titles[0]) titles.push(stripped);
  const names = authors.map(workKeyNorm);
  const keys = new Set();
  for (const t of titles) for (const a of names) keys.add(`AT ${a} ${t}`);
  return [...keys];
}

function stripArticle(title) {
  return title.replace(/^(?:a|an|the)\s+/i, '');
}

// ---------------------------------------------------------------------------------------------
// Name pools
// ---------------------------------------------------------------------------------------------

/** A comma-separated list (items may wrap across source lines) as an array. */
const w = (s) => s.split(',').map((x) => x.trim().replace(/\s+/g, ' ')).filter(Boolean);

/** Name cultures: family names (particles included), given names, share, hyphenated-family rate. */
const CULTURES = [
  {
    weight: 22, hyphen: 0.04,
    family: w(`Smith, Jones, Williams, Brown, Taylor, Davies, Wilson, Evans, Thomas, Johnson, Roberts, Walker, Wright,
      Robinson, Thompson, White, Hughes, Edwards, Green, Hall, Wood, Harris, Lewis, Martin, Jackson, Clarke, Turner, Hill,
      Scott, Cooper, Morris, Ward, Moore, King, Watson, Baker, Harrison, Morgan, Young, Allen, Mitchell, Anderson, Bell,
      Parker, Davis, Miller, Gillard, Foster, Barlow, Binfield, Eborall, Faulkner, Gibson, Goldsmith, Simpson, Lucock,
      Marks, Morshead, Repper, Rinaldi, Ussher, Worner, O'Brien, O'Connor, O'Sullivan, McCarthy, MacDonald, McKenzie,
      Fitzgerald, Kelly, Murphy, Ryan, Byrne, Doherty, Gallagher, Campbell, Stewart, Reid, Fraser, Ross, Henderson,
      Graham, Hamilton, Sutherland, Fletcher, Chapman, Holmes, Knight, Lloyd, Price, Bennett, Griffiths, Rees,
      Ashworth, Blackwood, Whitfield, St. John, Featherstone, Cunningham, Llewellyn`),
    given: w(`James, John, Robert, Michael, William, David, Richard, Joseph, Thomas, Charles, Mary, Patricia, Jennifer,
      Linda, Elizabeth, Barbara, Susan, Jessica, Sarah, Karen, Lucy, Emma, Olivia, Sophie, Hannah, Rachel, Alison, Steve,
      Rhiannon, Sally, Paul, Alan, Mike, Jacqui, Rosaleen, Julie, Miles, Daniel, Matthew, Andrew, Mark, Peter, Helen,
      Claire, Fiona, Catherine, Anne-Marie, Mary-Jane, Kate, Emily, Chloe, Grace, Benjamin, Samuel, Christopher,
      Nicholas, Timothy, Gareth, Siobhán, Aoife, Niamh, Seán, Ciarán, Rhys, Bethan, Eilidh, Duncan, Stuart, Gemma,
      Nicola, Victoria, Jonathan, Simon, Louise, Joanne, Tom, Ben, Kathryn, Zoë, Renée`),
  },
  {
    weight: 5, hyphen: 0.06,
    family: w(`Müller, Schmidt, Schneider, Fischer, Weber, Meyer, Wagner, Becker, Schulz, Hoffmann, Schäfer, Koch, Bauer,
      Richter, Klein, Wolf, Schröder, Neumann, Schwarz, Zimmermann, Braun, Krüger, Hofmann, Hartmann, Lange, Schmitt,
      Werner, Krause, Meier, Lehmann, Köhler, Günther, Priebe, Weiß, Groß, Jäger, Vogel, Friedrich, Keller, Böhm,
      von Känel, von der Heyde, zu Eulenburg, Baumgärtner, Straßburger, Schüßler, Gruber, Huber, Steiner, Moser`),
    given: w(`Stefan, Thomas, Michael, Andreas, Wolfgang, Klaus, Jürgen, Uwe, Matthias, Jörg, Sabine, Claudia, Susanne,
      Petra, Anja, Katrin, Jana, Lena, Lukas, Felix, Maximilian, Hans-Peter, Karl-Heinz, Ann-Kathrin, Björn, Sören, Uta,
      Birgit, Dörte, Jens, Franziska, Tobias, Johannes, Christiane, Günter, Anna-Lena`),
  },
  {
    weight: 4, hyphen: 0.02,
    family: w(`van der Berg, van den Broek, de Vries, van Dijk, Bakker, Janssen, Visser, Smit, de Boer, Mulder, de Groot,
      Bos, Vos, Peters, Hendriks, van Leeuwen, Dekker, Brouwer, de Wit, Dijkstra, van der Meer, van 't Hof, ter Haar,
      ten Brink, Verhoeven, Willems, Claes, Goossens, Maes, De Smet, Van Damme, Vermeulen, van Rossum, van der Heijden,
      Kuijpers, IJzerman`),
    given: w(`Jan, Pieter, Willem, Hendrik, Joost, Sander, Bram, Maarten, Sanne, Anouk, Femke, Lotte, Marieke, Inge,
      Els, Joris, Koen, Wouter, Jeroen, Niels, Eline, Marloes, Geert, Hanneke, Sjoerd, Annemieke, Ruud`),
  },
  {
    weight: 4, hyphen: 0.03,
    family: w(`Martin, Bernard, Dubois, Robert, Richard, Petit, Durand, Leroy, Moreau, Simon, Laurent, Lefèvre, Michel,
      Bertrand, Roux, Vincent, Fournier, Morel, Girard, André, Lefebvre, Mercier, Dupont, Lambert, Bonnet, François,
      Le Gall, Le Roux, de La Fontaine, Gauthier, Rousseau, Béranger, Chevalier, Thévenot, d'Aubigné`),
    given: w(`Jean-Pierre, Jean-Luc, Marie-Claude, Anne-Sophie, Pierre, François, Nicolas, Julien, Mathieu, Sébastien,
      Stéphane, Hélène, Céline, Élodie, Amélie, Clémence, Aurélie, Gaëlle, Loïc, Benoît, Jérôme, Cécile, Zoé, Noémie,
      Thérèse, Anne-Laure, Guillaume, Margaux`),
  },
  {
    weight: 7, hyphen: 0.15,
    family: w(`García, Rodríguez, González, Fernández, López, Martínez, Sánchez, Pérez, Gómez, Martín, Jiménez, Ruiz,
      Hernández, Díaz, Moreno, Muñoz, Álvarez, Romero, Alonso, Gutiérrez, Navarro, Torres, Domínguez, Vázquez, Ramos,
      Gil, Ramírez, Serrano, Blanco, Núñez, Ortega, Castillo, Peña, de la Cruz, de la Fuente, del Río, de los Santos,
      Ibáñez, Echevarría, Urdangarín, Zubizarreta`),
    given: w(`José María, María José, Juan Carlos, José Luis, Francisco Javier, Ana Belén, María del Carmen, Carmen,
      Antonio, Manuel, David, Javier, Alejandro, Pablo, Lucía, Sofía, Marta, Elena, Raquel, Inés, Ángel, Jesús, Iñaki,
      Begoña, Nuria, Íñigo, Mónica, Rocío, Guillermo, Maite`),
  },
  {
    weight: 5, hyphen: 0.05,
    family: w(`Silva, Santos, Oliveira, Souza, Rodrigues, Ferreira, Alves, Pereira, Lima, Gomes, Costa, Ribeiro, Martins,
      Carvalho, Almeida, Lopes, Soares, Fernandes, Vieira, Barbosa, Araújo, Conceição, Gonçalves, dos Santos, da Silva,
      de Souza, de Oliveira, Magalhães, Guimarães, Simões`),
    given: w(`João, José, Antônio, Francisco, Carlos, Paulo, Luís, Maria, Ana, Fernanda, Juliana, Adriana, Luciana,
      Thaís, Letícia, Gabriel, Rafael, Vinícius, Marcelo, Márcia, Sérgio, Lúcia, Ana Paula, João Pedro, Maria Eduarda`),
  },
  {
    weight: 6, hyphen: 0.02,
    family: w(`Rossi, Russo, Ferrari, Esposito, Bianchi, Romano, Colombo, Ricci, Marino, Greco, Bruno, Gallo, Conti,
      De Luca, Mancini, Costa, Giordano, Rizzo, Lombardi, Moretti, Di Marco, Di Stefano, De Rosa, D'Amico, Lo Russo,
      La Rosa, Dell'Acqua, Fabbri, Barbieri, Santoro, Caruso, Fontana, Vitale, Cattaneo`),
    given: w(`Giuseppe, Giovanni, Antonio, Mario, Luigi, Francesco, Alessandro, Andrea, Marco, Matteo, Lorenzo, Giulia,
      Francesca, Chiara, Federica, Valentina, Silvia, Elisa, Paola, Gian Luca, Maria Grazia, Pier Paolo, Niccolò,
      Gianmarco, Ilaria, Simona`),
  },
  {
    weight: 4, hyphen: 0.02,
    family: w(`Hansen, Johansen, Olsen, Larsen, Andersen, Pedersen, Nielsen, Kristensen, Jensen, Eriksson, Andersson,
      Johansson, Karlsson, Nilsson, Larsson, Lindqvist, Lundgren, Bergström, Sjöberg, Öberg, Åkesson, Østergaard,
      Søndergaard, Mæhlum, Virtanen, Korhonen, Mäkinen, Nieminen, Hämäläinen, Jónsdóttir, Sigurðsson, Kjærgaard`),
    given: w(`Søren, Bjørn, Jørgen, Kjersti, Ingrid, Astrid, Sigrid, Maja, Anders, Lars, Nils, Erik, Mikael, Åsa, Ulla,
      Kirsi, Jukka, Päivi, Guðrún, Þór, Mette, Henrik, Kristian, Linnéa, Ragnhild`),
  },
  {
    weight: 3, hyphen: 0.03,
    family: w(`Nowak, Kowalski, Wiśniewski, Wójcik, Kowalczyk, Kamiński, Lewandowski, Zieliński, Szymański, Woźniak,
      Dąbrowski, Łukasik, Król, Dvořák, Novák, Svoboda, Černý, Procházka, Horváth, Kovács, Tóth, Szabó, Nagy, Popescu,
      Ionescu, Jovanović, Petrović, Kovačević`),
    given: w(`Piotr, Krzysztof, Tomasz, Paweł, Łukasz, Agnieszka, Małgorzata, Katarzyna, Magdalena, Jiří, Tomáš, Petr,
      Lenka, Zuzana, Ádám, Zsófia, Péter, Gábor, Andrei, Ioana, Milica, Nikola`),
  },
  {
    weight: 2, hyphen: 0,
    family: w(`Papadopoulos, Georgiou, Nikolaidis, Konstantinidis, Papageorgiou, Dimitriou, Karagiannis, Vlachos,
      Oikonomou, Alexiou`),
    given: w(`Georgios, Dimitrios, Konstantinos, Ioannis, Maria, Eleni, Sofia, Athanasios, Vasiliki, Panagiotis`),
  },
  {
    weight: 2, hyphen: 0,
    family: w(`Yılmaz, Kaya, Demir, Şahin, Çelik, Yıldız, Yıldırım, Öztürk, Aydın, Özdemir, Arslan, Doğan, Kılıç`),
    given: w(`Mehmet, Mustafa, Ahmet, Ali, Hüseyin, Zeynep, Elif, Ayşe, Emine, Özge, Gökhan, Burak, Çağlar`),
  },
  {
    weight: 3, hyphen: 0,
    family: w(`Al-Farsi, Al-Harbi, Al-Qahtani, Haddad, Khoury, Nasser, Hassan, Abdel-Rahman, El-Sayed, Mansour, Saleh,
      Ibrahim, bin Abdullah, Al Mutairi, Abu-Zaid`),
    given: w(`Ahmed, Mohammed, Omar, Khalid, Fatima, Aisha, Layla, Nour, Yousef, Hala, Rania, Tarek, Abdul Rahman,
      Mohamed Ali`),
  },
  {
    weight: 3, hyphen: 0,
    family: w(`Hosseini, Mohammadi, Ahmadi, Rezaei, Moradi, Karimi, Jafari, Rahimi, Sadeghi, Ghasemi`),
    given: w(`Alireza, Mohammad Reza, Fatemeh, Zahra, Maryam, Hamid, Mehdi, Narges, Seyed Ali, Leila`),
  },
  {
    weight: 7, hyphen: 0,
    family: w(`Patel, Sharma, Singh, Kumar, Gupta, Reddy, Rao, Iyer, Nair, Menon, Bhattacharya, Chatterjee, Banerjee,
      Mukherjee, Das, Agarwal, Joshi, Desai, Mehta, Krishnan, Pillai, Chaudhary, Verma, Khan`),
    given: w(`Rahul, Shalini, Priya, Anjali, Rajesh, Suresh, Amit, Vikram, Deepak, Sanjay, Kavita, Lakshmi, Arjun, Neha,
      Pooja, Sunil, Ravi Shankar, Venkatesh, Anand, Divya, Sai Kiran`),
  },
  {
    weight: 14, hyphen: 0,
    family: w(`Wang, Li, Zhang, Liu, Chen, Yang, Huang, Zhao, Wu, Zhou, Xu, Sun, Ma, Zhu, Hu, Guo, He, Lin, Gao, Luo,
      Zheng, Liang, Xie, Song, Tang, Han, Feng, Deng, Cao, Peng, Zeng, Xiao, Tian, Dong, Pan, Yuan, Cai, Jiang, Yu,
      Du, Ye, Cheng, Wei, Su, Lü, Ouyang`),
    given: w(`Wei, Jing, Li, Min, Jun, Yan, Hui, Xiaoming, Xiaoli, Yu-Ting, Jian-Hua, Zhiqiang, Lei, Yang, Hao, Yi,
      Qian, Mei-Ling, Chun-Hua, Xin, Hong, Ying, Tao, Bo, Fang, Ping, Rui, Shu-Fen, Wen-Jie, Zi-Han, Xuan, Jiayi`),
  },
  {
    weight: 5, hyphen: 0,
    family: w(`Sato, Suzuki, Takahashi, Tanaka, Watanabe, Ito, Yamamoto, Nakamura, Kobayashi, Kato, Yoshida, Yamada,
      Sasaki, Yamaguchi, Matsumoto, Inoue, Kimura, Hayashi, Shimizu, Saitō, Ōno, Ōta`),
    given: w(`Hiroshi, Takashi, Kenji, Yuki, Haruka, Akiko, Yoko, Satoshi, Naoki, Daisuke, Kazuhiro, Shun'ichi, Yūko,
      Ryōta, Emi`),
  },
  {
    weight: 4, hyphen: 0,
    family: w(`Kim, Lee, Park, Choi, Jung, Kang, Cho, Yoon, Jang, Lim, Han, Oh, Seo, Shin, Kwon, Hwang, Ahn, Song`),
    given: w(`Min-Jun, Ji-Hoon, Seo-Yeon, Hyun-Woo, Jae-Won, Eun-Ji, Sung-Min, Young-Ho, Ji Young, Soo Jin`),
  },
  {
    weight: 1, hyphen: 0,
    family: w(`Nguyen, Tran, Le, Pham, Hoang, Phan, Vu, Dang, Bui, Do, Ngo, Nguyễn, Trần`),
    given: w(`Thi Thu, Van Minh, Thi Hoa, Duc Anh, Thanh Huong, Quoc Bao, Minh Chau, Thị Lan, Văn Hùng`),
  },
  {
    weight: 3, hyphen: 0,
    family: w(`Okafor, Adeyemi, Okonkwo, Mensah, Owusu, Boateng, Nkosi, Dlamini, Mwangi, Otieno, Kamau, Abebe, Tesfaye,
      Bekele, Ndlovu, Diallo, Traoré, Coulibaly, Ouédraogo, Asante`),
    given: w(`Chinedu, Oluwaseun, Ngozi, Kwame, Ama, Kofi, Thandiwe, Sipho, Wanjiru, Tigist, Yohannes, Aminata,
      Moussa, Abdoulaye, Adaeze, Esi`),
  },
];
const pickCulture = weighted(CULTURES.map((c) => [c, c.weight]));
const INITIALS = 'ABCDEFGHIJKLMNOPRSTW';

/** Person `id` of the pool, as VuFind stores names: `Family, Given`. Pure function of (seed, id). */
function personName(seedKey, id) {
  const r = new Rand(hash(seedKey, 0x50455253, id));
  const c = pickCulture(r);
  let family = r.pick(c.family);
  if (c.hyphen && r.chance(c.hyphen) && !family.includes(' ')) {
    const second = r.pick(c.family);
    if (second !== family && !second.includes(' ')) family = `${family}-${second}`;
  }
  let given = r.pick(c.given);
  const u = r.next();
  if (u < 0.03) given = `${r.pick(INITIALS)}. ${r.pick(INITIALS)}.`;
  else if (u < 0.05) given = `${r.pick(INITIALS)}.`;
  else if (u < 0.2 && !given.includes(' ')) given = `${given} ${r.pick(INITIALS)}.`;
  return `${family}, ${given}`;
}

// ---------------------------------------------------------------------------------------------
// Subject vocabulary (Latin script only, so that work keys match ICU's `Latin` step)
// ---------------------------------------------------------------------------------------------

const DOMAINS = {
  mental: {
    cond: w(`depression, major depressive disorder, generalised anxiety disorder, schizophrenia, bipolar disorder,
      post-traumatic stress disorder, psychological distress, severe mental illness, anorexia nervosa, self-harm`),
    interv: w(`peer support, cognitive behavioural therapy, mindfulness-based stress reduction, a brief psychological
      intervention, internet-delivered therapy, collaborative care, supported employment, community mental health care`),
    exp: w(`childhood adversity, loneliness, social media use, shift work, unemployment, cannabis use, sleep disturbance,
      perceived stigma`),
    out: w(`depressive symptoms, wellbeing, burnout, suicidal ideation, quality of life, psychiatric readmission,
      personal recovery, anxiety symptoms, job satisfaction`),
    pop: w(`peer workers, mental health service users, adolescents, university students, health care workers, veterans,
      psychiatric inpatients, carers`),
    setting: w(`mental health services, inpatient psychiatric wards, community mental health teams, primary care,
      secondary schools`),
  },
  neuro: {
    cond: w(`Parkinson's disease, Alzheimer's disease, multiple sclerosis, epilepsy, ischaemic stroke, migraine,
      traumatic brain injury, mild cognitive impairment, amyotrophic lateral sclerosis, dementia`),
    interv: w(`deep brain stimulation, early mobilisation, intravenous thrombolysis, aerobic exercise training,
      transcranial magnetic stimulation, levodopa therapy, computerised cognitive training`),
    exp: w(`air pollution, physical inactivity, midlife hypertension, obstructive sleep apnoea, APOE e4 carriage,
      hearing loss, social isolation`),
    out: w(`cognitive decline, functional independence, seizure frequency, disability progression, all-cause mortality,
      gait speed, caregiver burden`),
    pop: w(`older adults, stroke survivors, people with epilepsy, memory clinic patients, community-dwelling adults`),
    setting: w(`stroke units, memory clinics, neurology outpatient clinics, tertiary referral centres`),
  },
  cardio: {
    cond: w(`heart failure, atrial fibrillation, hypertension, coronary artery disease, acute myocardial infarction,
      peripheral artery disease, out-of-hospital cardiac arrest, aortic stenosis`),
    interv: w(`cardiac rehabilitation, statin therapy, catheter ablation, transcatheter aortic valve implantation,
      nurse-led telemonitoring, dietary sodium restriction, direct oral anticoagulation`),
    exp: w(`smoking, high sodium intake, chronic kidney disease, obesity, low socioeconomic status,
      elevated lipoprotein(a), psychosocial stress`),
    out: w(`major adverse cardiovascular events, all-cause mortality, hospital readmission, blood pressure control,
      left ventricular ejection fraction, major bleeding, exercise capacity`),
    pop: w(`adults with hypertension, patients undergoing percutaneous coronary intervention, older adults, women,
      heart failure outpatients`),
    setting: w(`cardiology departments, coronary care units, primary care practices, university hospitals`),
  },
  onco: {
    cond: w(`breast cancer, colorectal cancer, non-small cell lung cancer, prostate cancer, hepatocellular carcinoma,
      pancreatic cancer, ovarian cancer, diffuse large B-cell lymphoma, gastric cancer, melanoma`),
    interv: w(`immune checkpoint inhibition, adjuvant chemotherapy, stereotactic body radiotherapy, robot-assisted
      surgery, neoadjuvant chemoradiotherapy, supervised exercise during chemotherapy, early palliative care`),
    exp: w(`tumour mutational burden, obesity, alcohol consumption, PD-L1 expression, diabetes,
      the neutrophil-to-lymphocyte ratio`),
    out: w(`overall survival, progression-free survival, recurrence, treatment-related toxicity, health-related quality
      of life, pathological complete response, cancer-related fatigue`),
    pop: w(`cancer survivors, patients with advanced disease, women attending screening, older patients,
      patients receiving chemotherapy`),
    setting: w(`comprehensive cancer centres, oncology outpatient clinics, national screening programmes,
      university hospitals`),
  },
  pubhealth: {
    cond: w(`COVID-19, obesity, tobacco use, hazardous drinking, physical inactivity, food insecurity, vaccine hesitancy,
      road traffic injury, heat-related illness`),
    interv: w(`a school-based health promotion programme, an SMS reminder service, a community health worker programme,
      taxation of sugar-sweetened beverages, a mass media campaign, a conditional cash transfer programme, COVID-19 vaccination`),
    exp: w(`socioeconomic deprivation, neighbourhood walkability, health literacy, educational attainment,
      migration status, social support, ambient temperature`),
    out: w(`vaccination uptake, health-related quality of life, physical activity, self-rated health, life expectancy,
      health care utilisation`),
    pop: w(`adolescents, adults, low-income households, migrants, older adults, pregnant women, university students`),
    setting: w(`urban and rural communities, low- and middle-income countries, secondary schools, primary care`),
  },
  services: {
    cond: w(`multimorbidity, frailty, chronic disease, type 2 diabetes, chronic obstructive pulmonary disease,
      advanced illness`),
    interv: w(`telehealth, integrated care, nurse-led follow-up, shared decision-making,
      a discharge planning intervention, electronic clinical decision support, simulation-based training`),
    exp: w(`continuity of care, workload, staffing levels, rurality, out-of-pocket costs, digital literacy`),
    out: w(`patient satisfaction, hospital readmission, length of stay, job satisfaction, emergency department visits,
      adherence to guidelines, health care costs`),
    pop: w(`nurses, general practitioners, medical students, older patients, hospital staff, informal carers`),
    setting: w(`general practices, acute hospitals, nursing homes, emergency departments, community health centres`),
  },
  infect: {
    cond: w(`tuberculosis, HIV infection, malaria, sepsis, community-acquired pneumonia, hepatitis C, influenza,
      urinary tract infection, COVID-19, carbapenem-resistant Enterobacterales infection`),
    interv: w(`antimicrobial stewardship, pre-exposure prophylaxis, rapid diagnostic testing, directly observed therapy,
      hand hygiene promotion, seasonal influenza vaccination, mass drug administration`),
    exp: w(`prior antibiotic exposure, diabetes, household crowding, immunosuppression, recent travel,
      injecting drug use`),
    out: w(`treatment success, in-hospital mortality, viral suppression, time to diagnosis, reinfection,
      antibiotic prescribing`),
    pop: w(`people living with HIV, children under five years of age, hospitalised adults, health care workers,
      sex workers, travellers`),
    setting: w(`sub-Saharan Africa, intensive care units, tertiary hospitals, HIV clinics,
      primary health care facilities`),
  },
  metab: {
    cond: w(`type 2 diabetes, gestational diabetes, obesity, non-alcoholic fatty liver disease, chronic kidney disease,
      metabolic syndrome, osteoporosis, hypothyroidism, vitamin D deficiency`),
    interv: w(`a low-carbohydrate diet, intermittent fasting, metformin, SGLT2 inhibitor therapy, bariatric surgery,
      structured self-management education, continuous glucose monitoring`),
    exp: w(`sugar-sweetened beverage intake, ultra-processed food consumption, sedentary behaviour, short sleep duration,
      waist circumference, dietary fibre intake`),
    out: w(`glycaemic control, HbA1c, body weight, insulin resistance, estimated glomerular filtration rate,
      incident diabetes, bone mineral density`),
    pop: w(`adults with type 2 diabetes, overweight adults, postmenopausal women, children and adolescents, older adults`),
    setting: w(`diabetes clinics, primary care, endocrinology departments, community settings`),
  },
  peds: {
    cond: w(`bronchiolitis, autism spectrum disorder, attention-deficit/hyperactivity disorder, childhood obesity,
      preterm birth, childhood asthma, neonatal jaundice, developmental delay`),
    interv: w(`kangaroo mother care, parent training, early intervention, breastfeeding promotion,
      high-flow nasal cannula therapy, school-based screening`),
    exp: w(`maternal smoking, screen time, low birth weight, household food insecurity, parental education,
      exclusive breastfeeding`),
    out: w(`neurodevelopmental outcomes, growth, hospital admission, school readiness, language development,
      neonatal mortality`),
    pop: w(`infants, preschool children, school-aged children, preterm infants, adolescents, parents`),
    setting: w(`neonatal intensive care units, paediatric emergency departments, kindergartens, child health clinics`),
  },
  repro: {
    cond: w(`pre-eclampsia, postpartum haemorrhage, polycystic ovary syndrome, endometriosis, infertility,
      postpartum depression, caesarean delivery, preterm labour`),
    interv: w(`in vitro fertilisation, group antenatal care, low-dose aspirin, midwife-led continuity of care,
      tranexamic acid, pelvic floor muscle training`),
    exp: w(`advanced maternal age, pre-pregnancy obesity, a short interpregnancy interval, anaemia in pregnancy,
      intimate partner violence`),
    out: w(`live birth, maternal morbidity, birth weight, breastfeeding duration, caesarean section,
      quality of life`),
    pop: w(`pregnant women, women of reproductive age, couples undergoing fertility treatment, postpartum women,
      adolescent girls`),
    setting: w(`maternity units, antenatal clinics, fertility centres, rural health facilities`),
  },
  aging: {
    cond: w(`frailty, fall-related injury, sarcopenia, dementia, hip fracture, delirium, polypharmacy, social isolation`),
    interv: w(`multicomponent exercise, comprehensive geriatric assessment, structured medication review,
      a falls prevention programme, home-based rehabilitation, deprescribing`),
    exp: w(`hearing loss, loneliness, malnutrition, multimorbidity, low physical activity`),
    out: w(`functional decline, institutionalisation, all-cause mortality, independence in activities of daily living, falls,
      quality of life`),
    pop: w(`older adults, nursing home residents, community-dwelling older people, people aged 80 years and over,
      older inpatients`),
    setting: w(`nursing homes, geriatric wards, the community, long-term care facilities`),
  },
  resp: {
    cond: w(`chronic obstructive pulmonary disease, asthma, idiopathic pulmonary fibrosis, obstructive sleep apnoea,
      bronchiectasis, acute respiratory distress syndrome, long COVID`),
    interv: w(`pulmonary rehabilitation, inhaled corticosteroid therapy, continuous positive airway pressure,
      smoking cessation support, prone positioning, long-term oxygen therapy`),
    exp: w(`air pollution, biomass fuel exposure, smoking, occupational dust exposure, obesity`),
    out: w(`lung function, exacerbations, dyspnoea, hospital admission, six-minute walk distance, mortality`),
    pop: w(`adults with asthma, current and former smokers, mechanically ventilated patients, children with asthma`),
    setting: w(`respiratory clinics, intensive care units, primary care`),
  },
  musc: {
    cond: w(`knee osteoarthritis, low back pain, rheumatoid arthritis, anterior cruciate ligament injury,
      osteoporotic fracture, fibromyalgia, rotator cuff tear, axial spondyloarthritis`),
    interv: w(`physiotherapy, total knee arthroplasty, exercise therapy, biologic therapy,
      platelet-rich plasma injection, a digital self-management programme`),
    exp: w(`obesity, occupational load, previous injury, physical activity, vitamin D status`),
    out: w(`pain intensity, physical function, return to sport, disease activity, quality of life, work disability`),
    pop: w(`athletes, adults with chronic pain, older adults, manual workers, patients awaiting surgery`),
    setting: w(`orthopaedic clinics, rheumatology outpatient clinics, sports clubs, physiotherapy practices`),
  },
  surg: {
    cond: w(`acute appendicitis, postoperative delirium, surgical site infection, major trauma, septic shock,
      acute kidney injury, hip fracture`),
    interv: w(`enhanced recovery after surgery, laparoscopic surgery, regional anaesthesia, tranexamic acid,
      goal-directed fluid therapy, early enteral nutrition, prehabilitation`),
    exp: w(`preoperative anaemia, frailty, surgical delay, obesity, smoking`),
    out: w(`postoperative complications, 30-day mortality, length of hospital stay, postoperative pain,
      unplanned reoperation, ICU-free days`),
    pop: w(`surgical patients, critically ill adults, trauma patients, older surgical patients,
      children undergoing surgery`),
    setting: w(`intensive care units, emergency departments, operating theatres, major trauma centres`),
  },
  gi: {
    cond: w(`inflammatory bowel disease, Crohn's disease, ulcerative colitis, irritable bowel syndrome, liver cirrhosis,
      Helicobacter pylori infection, gastro-oesophageal reflux disease, acute pancreatitis`),
    interv: w(`faecal microbiota transplantation, anti-TNF therapy, proton pump inhibitor therapy, a low-FODMAP diet,
      endoscopic surveillance, probiotic supplementation`),
    exp: w(`gut microbiota composition, alcohol use, obesity, antibiotic exposure, a Western dietary pattern`),
    out: w(`clinical remission, mucosal healing, symptom severity, hospitalisation, liver-related mortality,
      quality of life`),
    pop: w(`adults with inflammatory bowel disease, patients undergoing endoscopy, people with cirrhosis, children`),
    setting: w(`gastroenterology clinics, endoscopy units, tertiary referral centres`),
  },
  lab: {
    cond: w(`hepatocellular carcinoma, insulin resistance, neuroinflammation, osteoclast differentiation,
      cardiac fibrosis, oxidative stress injury, ferroptosis, intestinal barrier dysfunction`),
    interv: w(`CRISPR-Cas9 knockout, small interfering RNA knockdown, single-cell RNA sequencing, resveratrol treatment,
      mesenchymal stem cell-derived exosomes, a novel small-molecule inhibitor`),
    exp: w(`long non-coding RNA MALAT1, microRNA-21, NF-kB signalling, DNA methylation, mitochondrial dysfunction,
      trimethylamine N-oxide, SIRT1`),
    out: w(`cell proliferation, apoptosis, gene expression, tumour growth, inflammatory cytokine production,
      cell migration`),
    pop: w(`mice, human cell lines, zebrafish larvae, patient-derived organoids, rats`),
    setting: w(`in vitro and in vivo models, a murine model, primary cultures`),
  },
};

/** Journal fields and the subject domain their articles draw on. */
const FIELDS = [
  ['Psychiatry', 'mental'], ['Psychology', 'mental'], ['Mental Health', 'mental'], ['Addiction', 'mental'],
  ['Neuroscience', 'neuro'], ['Neurology', 'neuro'], ['Stroke', 'neuro'], ['Cognitive Neuroscience', 'neuro'],
  ['Cardiology', 'cardio'], ['Cardiovascular Medicine', 'cardio'], ['Hypertension', 'cardio'], ['Vascular Medicine', 'cardio'],
  ['Oncology', 'onco'], ['Cancer', 'onco'], ['Cancer Research', 'onco'], ['Radiation Oncology', 'onco'], ['Hematology', 'onco'],
  ['Public Health', 'pubhealth'], ['Epidemiology', 'pubhealth'], ['Global Health', 'pubhealth'], ['Environmental Health', 'pubhealth'],
  ['Health Promotion', 'pubhealth'], ['Preventive Medicine', 'pubhealth'],
  ['Health Services Research', 'services'], ['Nursing', 'services'], ['Medical Education', 'services'], ['Primary Care', 'services'],
  ['Family Practice', 'services'], ['Health Policy', 'services'], ['Medical Informatics', 'services'], ['Palliative Care', 'services'],
  ['Infectious Diseases', 'infect'], ['Microbiology', 'infect'], ['Immunology', 'infect'], ['Virology', 'infect'], ['Tropical Medicine', 'infect'],
  ['Endocrinology', 'metab'], ['Diabetes', 'metab'], ['Nutrition', 'metab'], ['Obesity', 'metab'], ['Nephrology', 'metab'], ['Metabolism', 'metab'],
  ['Pediatrics', 'peds'], ['Child Health', 'peds'], ['Neonatology', 'peds'], ['Adolescent Health', 'peds'],
  ['Obstetrics and Gynecology', 'repro'], ['Reproductive Health', 'repro'], ['Women\'s Health', 'repro'], ['Midwifery', 'repro'],
  ['Geriatrics', 'aging'], ['Gerontology', 'aging'], ['Aging', 'aging'],
  ['Pulmonary Medicine', 'resp'], ['Respiratory Research', 'resp'], ['Sleep Medicine', 'resp'],
  ['Orthopaedics', 'musc'], ['Rheumatology', 'musc'], ['Sports Medicine', 'musc'], ['Rehabilitation', 'musc'], ['Pain', 'musc'],
  ['Surgery', 'surg'], ['Anesthesiology', 'surg'], ['Critical Care', 'surg'], ['Emergency Medicine', 'surg'], ['Trauma', 'surg'],
  ['Gastroenterology', 'gi'], ['Hepatology', 'gi'],
  ['Cell Biology', 'lab'], ['Molecular Biology', 'lab'], ['Genetics', 'lab'], ['Genomics', 'lab'], ['Pharmacology', 'lab'],
  ['Biochemistry', 'lab'], ['Physiology', 'lab'], ['Molecular Medicine', 'lab'],
];

const COUNTRIES = w(`the United Kingdom, England, Scotland, Ireland, the Netherlands, Belgium, Germany, France, Spain, Italy,
  Portugal, Sweden, Norway, Denmark, Finland, Poland, Switzerland, Austria, Canada, the United States, Brazil, Mexico,
  Chile, Colombia, Argentina, Peru, China, Japan, South Korea, Taiwan, India, Pakistan, Bangladesh, Iran, Turkey,
  Saudi Arabia, Egypt, Ethiopia, Kenya, Uganda, Nigeria, Ghana, South Africa, Australia, New Zealand, Vietnam,
  Thailand, Indonesia`);
const MONTHS = w(`January, February, March, April, May, June, July, August, September, October, November, December`);
const ACRONYMS = w(`PROTECT, STRIDE, ENHANCE, RESTORE, BRIDGE, CARE, IMPACT, SUPPORT, REACH, THRIVE, ACTIVE, PACE, FOCUS,
  ASPIRE, ENGAGE, PRISM, HOPE, SHINE, START, BOOST, LIFT, TRACK, SPRINT, ENRICH, HORIZON, COMPASS, BEACON, UNITE`);
const THEMES = w(`the value of lived experience, role ambiguity, barriers to access, trust in professionals,
  stigma and disclosure, organisational support, uncertainty about the future, continuity of care,
  practical and emotional burden, negotiating identity, feeling valued, the need for flexible support,
  communication with clinical teams, balancing competing demands`);
const MECHANISMS = w(`activation of the PI3K/AKT pathway, the Wnt/beta-catenin pathway, autophagy, mitochondrial biogenesis,
  the NLRP3 inflammasome, the STAT3 signalling pathway, regulation of ferroptosis`);
const COVARIATES = w(`socioeconomic status, smoking status, body mass index, comorbidity, baseline severity, education`);

// ---------------------------------------------------------------------------------------------
// Publishers and journals
// ---------------------------------------------------------------------------------------------

const CC_BY_4 = 'https://creativecommons.org/licenses/by/4.0/';
/** CC BY 4.0 from 2014 (when it came into use); 3.0 before. */
const ccBy = (year) => (year >= 2014 ? CC_BY_4 : 'http://creativecommons.org/licenses/by/3.0/');
const SPRINGER_LICENCE =
  "Open AccessThis article is licensed under a Creative Commons Attribution 4.0 International License, which permits use, sharing, adaptation, distribution and reproduction in any medium or format, as long as you give appropriate credit to the original author(s) and the source, provide a link to the Creative Commons licence, and indicate if changes were made. The images or other third party material in this article are included in the article's Creative Commons licence, unless indicated otherwise in a credit line to the material. If material is not included in the article's Creative Commons licence and your intended use is not permitted by statutory regulation or exceeds the permitted use, you will need to obtain permission directly from the copyright holder. To view a copy of this licence, visit http://creativecommons.org/licenses/by/4.0/ (https://creativecommons.org/licenses/by/4.0/) . The Creative Commons Public Domain Dedication waiver (http://creativecommons.org/publicdomain/zero/1.0/ (https://creativecommons.org/publicdomain/zero/1.0/) ) applies to the data made available in this article, unless otherwise stated in a credit line to the data.";

/** Copyright line and licence (URL glued to its text, as in `spelling`) per publisher style. */
const RIGHTS = {
  springer: (year, families, publisher) =>
    publisher === 'BioMed Central' && year < 2015
      ? `© ${families[0]} et al.; licensee BioMed Central Ltd. ${year} http://creativecommons.org/licenses/by/2.0This is an Open Access article distributed under the terms of the Creative Commons Attribution License (http://creativecommons.org/licenses/by/2.0), which permits unrestricted use, distribution, and reproduction in any medium, provided the original work is properly cited.`
      : `© The Author(s) ${year} ${CC_BY_4}${SPRINGER_LICENCE}`,
  plos: (year, families) =>
    `© ${year} ${families[0]} et al ${ccBy(year)}This is an open access article distributed under the terms of the Creative Commons Attribution License, which permits unrestricted use, distribution, and reproduction in any medium, provided the original author and source are credited.`,
  frontiers: (year, families) =>
    `Copyright © ${year} ${families.length === 1 ? families[0] : `${families.slice(0, -1).join(', ')} and ${families[families.length - 1]}`}. ${ccBy(year)}This is an open-access article distributed under the terms of the Creative Commons Attribution License (CC BY). The use, distribution or reproduction in other forums is permitted, provided the original author(s) and the copyright owner(s) are credited and that the original publication in this journal is cited, in accordance with accepted academic practice. No use, distribution or reproduction is permitted which does not comply with these terms.`,
  mdpi: (year) =>
    `© ${year} by the authors. ${ccBy(year)}Licensee MDPI, Basel, Switzerland. This article is an open access article distributed under the terms and conditions of the Creative Commons Attribution (CC BY) license (https://creativecommons.org/licenses/by/4.0/).`,
  bmj: (year) =>
    `© Author(s) (or their employer(s)) ${year}. Re-use permitted under CC BY-NC. No commercial re-use. See rights and permissions. Published by BMJ. http://creativecommons.org/licenses/by-nc/4.0/This is an open access article distributed in accordance with the Creative Commons Attribution Non Commercial (CC BY-NC 4.0) license, which permits others to distribute, remix, adapt, build upon this work non-commercially, and license their derivative works on different terms, provided the original work is properly cited, appropriate credit is given, any changes made indicated, and the use is non-commercial. See: http://creativecommons.org/licenses/by-nc/4.0/.`,
  elsevier: (year) =>
    `© ${year} The Author(s) https://creativecommons.org/licenses/by-nc-nd/4.0/This is an open access article under the CC BY-NC-ND license (http://creativecommons.org/licenses/by-nc-nd/4.0/).`,
  wiley: (year) =>
    `© ${year} The Authors. Published by John Wiley & Sons Ltd. ${ccBy(year)}This is an open access article under the terms of the ${ccBy(year)} License, which permits use, distribution and reproduction in any medium, provided the original work is properly cited.`,
  generic: (year, families) =>
    `Copyright © ${year}, ${families[0]} et al. ${ccBy(year)}This is an open access article distributed under the terms of the Creative Commons Attribution License, which permits unrestricted use, distribution, and reproduction in any medium, provided the original author and source are credited.`,
};

const T = (pairs) => weighted(pairs);
const TOPICS_BMC = T([['Research', 70], ['Research Article', 10], ['Study Protocol', 6], ['Review', 6], ['Case Report', 4], ['Debate', 2], ['Technical Advance', 2]]);
const TOPICS_GENERIC = T([['Original Article', 30], ['Research Article', 20], ['Article', 20], ['Original Research', 15], ['Review', 8], ['Case Report', 4], ['Brief Report', 3]]);
const TOPICS_MDPI = T([['Article', 85], ['Review', 12], ['Communication', 3]]);

/**
 * Publishers: name, DOI prefix, DOI suffix style, rights style. Each prefix belongs to one
 * publisher, and every suffix style embeds the record's unique number, so DOIs are unique.
 */
const PUBLISHERS = {
  bmc: { name: 'BioMed Central', prefix: '10.1186', doi: 'springer', rights: 'springer', topics: TOPICS_BMC },
  springer: { name: 'Springer Berlin Heidelberg', prefix: '10.1007', doi: 'springer', rights: 'springer', topics: TOPICS_GENERIC },
  springerUS: { name: 'Springer US', prefix: '10.1007', doi: 'springer', rights: 'springer', topics: TOPICS_GENERIC },
  nature: { name: 'Nature Publishing Group UK', prefix: '10.1038', doi: 'springer', rights: 'springer', topics: T([['Article', 100]]) },
  frontiers: { name: 'Frontiers Media S.A.', prefix: '10.3389', doi: 'frontiers', rights: 'frontiers' },
  plos: { name: 'Public Library of Science', prefix: '10.1371', doi: 'plos', rights: 'plos', topics: T([['Research Article', 95], ['Review', 5]]) },
  mdpi: { name: 'MDPI', prefix: '10.3390', doi: 'mdpi', rights: 'mdpi', topics: TOPICS_MDPI },
  elsevier: { name: 'Elsevier', prefix: '10.1016', doi: 'elsevier', rights: 'elsevier', topics: TOPICS_GENERIC },
  wiley: { name: 'John Wiley and Sons Inc.', prefix: '10.1002', doi: 'wiley', rights: 'wiley', topics: TOPICS_GENERIC },
  bmj: { name: 'BMJ Publishing Group', prefix: '10.1136', doi: 'bmj', rights: 'bmj', topics: TOPICS_GENERIC },
  oup: { name: 'Oxford University Press', prefix: '10.1093', doi: 'oup', rights: 'generic', topics: TOPICS_GENERIC },
  hindawi: { name: 'Hindawi', prefix: '10.1155', doi: 'hindawi', rights: 'generic', topics: T([['Research Article', 85], ['Review Article', 15]]) },
  cureus: { name: 'Cureus', prefix: '10.7759', doi: 'cureus', rights: 'generic' },
  sage: { name: 'SAGE Publications', prefix: '10.1177', doi: 'sage', rights: 'generic', topics: TOPICS_GENERIC },
  lww: { name: 'Lippincott Williams & Wilkins', prefix: '10.1097', doi: 'lww', rights: 'generic', topics: TOPICS_GENERIC },
  dove: { name: 'Dove', prefix: '10.2147', doi: 'dove', rights: 'generic', topics: TOPICS_GENERIC },
  jmir: { name: 'JMIR Publications', prefix: '10.2196', doi: 'jmir', rights: 'generic', topics: T([['Original Paper', 90], ['Review', 10]]) },
  f1000: { name: 'F1000 Research Limited', prefix: '10.12688', doi: 'f1000', rights: 'generic', topics: T([['Research Article', 80], ['Study Protocol', 10], ['Systematic Review', 10]]) },
  elife: { name: 'eLife Sciences Publications, Ltd', prefix: '10.7554', doi: 'elife', rights: 'generic', topics: T([['Research Article', 100]]) },
  cambridge: { name: 'Cambridge University Press', prefix: '10.1017', doi: 'cambridge', rights: 'generic', topics: TOPICS_GENERIC },
  tandf: { name: 'Taylor & Francis', prefix: '10.1080', doi: 'tandf', rights: 'generic', topics: TOPICS_GENERIC },
  peerj: { name: 'PeerJ Inc.', prefix: '10.7717', doi: 'peerj', rights: 'generic', topics: T([['Epidemiology', 20], ['Public Health', 30], ['Oncology', 20], ['Neuroscience', 30]]) },
  medknow: { name: 'Wolters Kluwer - Medknow', prefix: '10.4103', doi: 'medknow', rights: 'generic', topics: TOPICS_GENERIC },
};
const GENERIC_PUBLISHERS = weighted([
  ['elsevier', 18], ['wiley', 14], ['springer', 10], ['springerUS', 4], ['oup', 7], ['hindawi', 6], ['sage', 6],
  ['lww', 6], ['dove', 4], ['cambridge', 4], ['tandf', 6], ['mdpi', 8], ['medknow', 3],
]);

const ADJECTIVES = w(`Clinical, Applied, Experimental, Translational, Comparative, Integrative, Global, Community, Advanced,
  Contemporary, Interdisciplinary, Evidence-Based`);
const REGIONS = w(`European, American, Asian, African, Scandinavian, British, Canadian, Chinese, Indian, Iranian, Brazilian,
  Japanese, Korean, Turkish, Australian, Pan African, Middle East, Saudi, Egyptian, Nordic`);

/** Journal-name templates: name from (field, other field, adjective, region), and its publisher. */
const JOURNAL_TEMPLATES = weighted([
  [(f) => [`BMC ${f}`, 'bmc'], 10],
  [(f) => [`Frontiers in ${f}`, 'frontiers'], 6],
  [(f) => [`Journal of ${f}`, null], 10],
  [(f, g, a) => [`Journal of ${a} ${f}`, null], 10],
  [(f) => [`International Journal of ${f}`, null], 8],
  [(f, g) => [`Journal of ${f} and ${g}`, null], 6],
  [(f, g, a, r) => [`${r} Journal of ${f}`, null], 10],
  [(f, g, a) => [`${a} ${f}`, null], 6],
  [(f) => [`${f} Research`, null], 4],
  [(f) => [`${f} Reports`, null], 3],
  [(f) => [`Annals of ${f}`, null], 3],
  [(f) => [`Archives of ${f}`, null], 3],
  [(f) => [`Advances in ${f}`, null], 3],
  [(f, g, a, r) => [`${r} ${f}`, null], 3],
  [(f) => [`Current ${f} Reviews`, null], 2],
  [(f, g) => [`${f} and ${g}`, null], 3],
  [(f) => [`${f} International`, null], 2],
  [(f) => [`${f} Open`, null], 2],
  [(f) => [`JMIR ${f}`, 'jmir'], 1],
  [(f) => [`BMJ ${f}`, 'bmj'], 1],
]);

/** Large journals fixed at the head of the list, so the Zipf choice favours them as in PMC. */
const FIXED_JOURNALS = [
  ['PLoS One', 'plos', null], ['Scientific Reports', 'nature', null], ['BMJ Open', 'bmj', null],
  ['International Journal of Environmental Research and Public Health', 'mdpi', 'pubhealth'], ['Cureus', 'cureus', null],
  ['Medicine', 'lww', null], ['Nature Communications', 'nature', 'lab'], ['Frontiers in Psychology', 'frontiers', 'mental'],
  ['eLife', 'elife', 'lab'], ['F1000Research', 'f1000', null], ['PeerJ', 'peerj', null], ['Heliyon', 'elsevier', null],
  ['BMC Public Health', 'bmc', 'pubhealth'], ['Journal of Clinical Medicine', 'mdpi', null], ['Nutrients', 'mdpi', 'metab'],
  ['PLoS Medicine', 'plos', null], ['BMC Psychiatry', 'bmc', 'mental'], ['Trials', 'bmc', null],
];

const JOURNAL_COUNT = 2000;

function abbreviation(name) {
  const words = name.replace(/[^A-Za-z ]/g, '').split(' ').filter((x) => x && !/^(of|and|in|the|for)$/i.test(x));
  return words.map((x) => x[0].toLowerCase()).join('') || 'j';
}

function buildJournals(seedKey) {
  const r = new Rand(hash(seedKey, 0x4a4f5552));
  const journals = [];
  const seen = new Set();
  const domainNames = Object.keys(DOMAINS);
  const add = (name, pubKey, domain) => {
    if (seen.has(name)) return;
    seen.add(name);
    const publisher = PUBLISHERS[pubKey];
    const index = journals.length;
    journals.push({
      name,
      publisher,
      domain, // null: any domain
      abbr: pubKey === 'frontiers' ? `f${name.replace(/^Frontiers in /, '').replace(/[^A-Za-z]/g, '').slice(0, 4).toLowerCase()}` : abbreviation(name),
      code: pubKey === 'nature' ? 41000 + index : 12000 + index * 7,
      issn: String(r.int(1000000, 9999999)).padStart(8, '0'),
    });
  };
  for (const [name, pubKey, domain] of FIXED_JOURNALS) add(name, pubKey, domain);
  let guard = 0;
  while (journals.length < JOURNAL_COUNT && guard++ < 1e6) {
    const [field, domain] = r.pick(FIELDS);
    let other = r.pick(FIELDS)[0];
    if (other === field) other = 'Clinical Practice';
    const [name, pubKey] = JOURNAL_TEMPLATES(r)(field, other, r.pick(ADJECTIVES), r.pick(REGIONS));
    add(name, pubKey ?? GENERIC_PUBLISHERS(r), domain);
  }
  for (const j of journals) if (j.domain === null) j.domain = undefined;
  return { journals, domainNames };
}

// ---------------------------------------------------------------------------------------------
// Titles and abstracts
// ---------------------------------------------------------------------------------------------

const cap = (s) => s.charAt(0).toUpperCase() + s.slice(1);
const commas = (n) => String(n).replace(/\B(?=(\d{3})+(?!\d))/g, ',');

const DESIGNS_CLINICAL = weighted([
  ['cohort', 15], ['retro', 12], ['cross', 15], ['rct', 12], ['casecontrol', 5], ['sr', 10], ['qual', 10],
  ['mixed', 5], ['protocol', 5], ['registry', 6],
]);
const DESIGNS_LAB = weighted([['lab', 90], ['sr', 10]]);

/** Title templates per design; `t` holds the record's subject terms. */
const TITLES = {
  rct: [
    (t) => `Effect of ${t.interv} on ${t.out} in ${t.popOrPatients}: a randomised controlled trial`,
    (t) => `${cap(t.interv)} versus usual care for ${t.cond} (${t.acronym}): a ${t.multi}randomised controlled trial`,
    (t) => `A randomised controlled trial of ${t.interv} for ${t.cond}`,
    (t) => `The effectiveness of ${t.interv} for ${t.out} in ${t.pop}: results of the ${t.acronym} trial`,
  ],
  cohort: [
    (t) => `${cap(t.exp)} and risk of ${t.out} in ${t.pop}: a prospective cohort study`,
    (t) => `The association between ${t.exp} and ${t.out} among ${t.pop}`,
    (t) => `Long-term ${t.out} in ${t.pop} with ${t.cond}: results from the ${t.acronym} cohort`,
    (t) => `${cap(t.exp)} as a predictor of ${t.out} in ${t.cond}`,
  ],
  retro: [
    (t) => `${cap(t.out)} after ${t.interv} in patients with ${t.cond}: a retrospective cohort study`,
    (t) => `Trends in ${t.out} among ${t.pop} in ${t.country}, ${t.y1}–${t.y2}`,
    (t) => `The impact of ${t.interv} on ${t.out} in ${t.setting}: a retrospective analysis`,
  ],
  cross: [
    (t) => `Prevalence and determinants of ${t.cond} among ${t.pop} in ${t.country}: a cross-sectional study`,
    (t) => `Is ${t.exp} associated with ${t.out} in ${t.pop}?`,
    (t) => `The burden of ${t.cond} in ${t.country}`,
    (t) => `Factors associated with ${t.out} among ${t.pop} in ${t.setting}`,
  ],
  casecontrol: [
    (t) => `${cap(t.exp)} and ${t.cond}: a case-control study`,
    (t) => `Risk factors for ${t.cond} among ${t.pop}: a matched case-control study`,
  ],
  sr: [
    (t) => `Association between ${t.exp} and ${t.out}: a systematic review and meta-analysis`,
    (t) => `The effectiveness of ${t.interv} for ${t.cond}: a systematic review`,
    (t) => `A systematic review of ${t.interv} in ${t.pop}`,
    (t) => `${cap(t.interv)} for ${t.cond}: an umbrella review`,
  ],
  qual: [
    (t) => `Experiences of ${t.cond} among ${t.pop}: a qualitative study`,
    (t) => `Perspectives of ${t.pop} on ${t.interv}: a qualitative interview study`,
    (t) => `Barriers and facilitators to ${t.interv} for ${t.pop}: a qualitative study`,
    (t) => `An exploration of ${t.theme1} in ${t.setting}`,
  ],
  mixed: [
    (t) => `The impact of ${t.interv} on ${t.out} in ${t.setting}: a longitudinal mixed methods study`,
    (t) => `Implementing ${t.interv} in ${t.setting}: a mixed methods process evaluation`,
    (t) => `An evaluation of ${t.interv} for ${t.pop}`,
  ],
  protocol: [
    (t) => `${cap(t.interv)} for ${t.pop} with ${t.cond} (${t.acronym}): study protocol for a randomised controlled trial`,
    (t) => `Study protocol for the ${t.acronym} trial: ${t.interv} for ${t.cond}`,
    (t) => `A ${t.multi}randomised controlled trial of ${t.interv} for ${t.cond}: study protocol`,
  ],
  registry: [
    (t) => `${cap(t.cond)} and long-term ${t.out}: a nationwide registry-based study from ${t.country}`,
    (t) => `The incidence of ${t.cond} in ${t.country}, ${t.y1}–${t.y2}: a population-based study`,
  ],
  lab: [
    (t) => `${cap(t.exp)} promotes ${t.cond} through ${t.mech}`,
    (t) => `Role of ${t.exp} in ${t.cond}: evidence from ${t.pop}`,
    (t) => `A novel role for ${t.exp} in regulating ${t.out}`,
    (t) => `The ${t.exp} axis modulates ${t.out} in ${t.cond}`,
    (t) => `Targeting ${t.exp} attenuates ${t.cond} in ${t.pop}`,
  ],
};

const GAPS = [
  () => 'evidence to guide practice remains limited',
  () => 'its determinants are poorly understood',
  () => 'few studies have examined it in routine care',
  (t) => `data from ${t.country} are scarce`,
];

/** Sentence pools per section; functions of (terms, rand). */
const BACKGROUND = [
  (t, r) => `${cap(t.cond)} is a major cause of ill health among ${t.pop} worldwide, yet ${r.pick(GAPS)(t)}.`,
  (t) => `Although ${t.interv} is increasingly used in ${t.setting}, its effect on ${t.out} remains uncertain.`,
  (t) => `Previous studies have reported conflicting findings on the relationship between ${t.exp} and ${t.out}.`,
  (t) => `Little is known about how ${t.exp} influences ${t.out} in ${t.pop}.`,
  (t) => `${cap(t.pop)} are at increased risk of ${t.cond}, and outcomes are often poor.`,
  (t) => `The burden of ${t.cond} has increased substantially over the past two decades.`,
  () => 'Identifying modifiable factors is essential for the design of targeted prevention strategies.',
  (t) => `While evidence is emerging of the benefits of ${t.interv}, its impact on ${t.out} is less clear.`,
];
const LAB_BACKGROUND = [
  (t) => `${cap(t.cond)} is driven by complex molecular mechanisms that remain incompletely understood.`,
  (t) => `${cap(t.exp)} has been implicated in several disease processes, including ${t.out}.`,
  (t) => `Accumulating evidence suggests that ${t.mech} contributes to ${t.cond}.`,
  (t) => `However, the role of ${t.exp} in ${t.cond} remains unclear.`,
];
const AIMS = {
  rct: (t) => `This trial aimed to evaluate the effect of ${t.interv} on ${t.out} among ${t.pop}.`,
  cohort: (t) => `We aimed to examine the association between ${t.exp} and ${t.out} in ${t.pop}.`,
  retro: (t) => `We aimed to compare ${t.out} in patients with ${t.cond} who did and did not receive ${t.interv}.`,
  registry: (t) => `We aimed to estimate the incidence of ${t.cond} and its association with ${t.out} in ${t.country}.`,
  cross: (t) => `This study aimed to estimate the prevalence of ${t.cond} and identify associated factors among ${t.pop} in ${t.country}.`,
  casecontrol: (t) => `We investigated whether ${t.exp} is associated with ${t.cond}.`,
  sr: (t) => `We systematically reviewed the evidence on the association between ${t.exp} and ${t.out}.`,
  qual: (t) => `This study explored the experiences of ${t.pop} with ${t.interv}.`,
  mixed: (t) => `There is a lack of research that takes a longitudinal approach to exploring the impact of ${t.interv} on ${t.out}.`,
  protocol: (t) => `This trial will evaluate whether ${t.interv} improves ${t.out} in ${t.pop} with ${t.cond}.`,
  lab: (t) => `Here, we investigated the mechanisms by which ${t.exp} regulates ${t.out} in ${t.cond}.`,
};

const ratio = (r, lo = 0.45, hi = 3.2) => {
  const v = lo + r.next() * (hi - lo);
  const spread = 0.05 + r.next() * 0.35;
  return `${v.toFixed(2)}, 95% CI ${(v * Math.exp(-spread)).toFixed(2)}–${(v * Math.exp(spread)).toFixed(2)}`;
};
const pval = (r) => (r.chance(0.4) ? 'p < 0.001' : `p = 0.0${String(r.int(1, 49)).padStart(2, '0')}`);
const pbig = (r) => `p = ${r.dec(0.06, 0.92, 2)}`;

const METHODS = {
  rct: [
    (t, r) => `We conducted a ${t.multi}randomised controlled trial in ${r.int(2, 24)} ${t.setting} in ${t.country}.`,
    (t) => `A total of ${t.n} ${t.pop} were randomly assigned (1:1) to ${t.interv} or usual care.`,
    (t, r) => `The primary outcome was ${t.out} at ${r.pick([3, 6, 12, 24])} months; secondary outcomes included ${t.out2} and ${t.out3}.`,
    () => 'Analyses followed the intention-to-treat principle, and outcome assessors were blinded to group allocation.',
    () => 'Mixed-effects models were used to account for repeated measures within participants.',
  ],
  cohort: [
    (t) => `We conducted a prospective cohort study of ${t.n} ${t.pop} recruited from ${t.setting} in ${t.country} between ${t.y1} and ${t.y2}.`,
    (t) => `${cap(t.exp)} was assessed at baseline using validated instruments.`,
    (t, r) => `Participants were followed up for a median of ${r.dec(2, 15)} years (IQR ${r.dec(1, 3)}–${r.dec(8, 18)}).`,
    (t, r) => `Cox proportional hazards models were used to estimate hazard ratios (HRs) and 95% confidence intervals (CIs), adjusting for age, sex and ${r.pick(COVARIATES)}.`,
    () => 'Sensitivity analyses excluded events occurring in the first two years of follow-up.',
  ],
  retro: [
    (t) => `This retrospective cohort study used electronic health records from ${t.setting} in ${t.country} between ${t.y1} and ${t.y2}.`,
    (t) => `Patients who received ${t.interv} were compared with those who did not using propensity score matching.`,
    (t) => `The primary outcome was ${t.out}; secondary outcomes were ${t.out2} and ${t.out3}.`,
    (t) => `Multivariable logistic regression was used to identify factors associated with ${t.out}.`,
  ],
  cross: [
    (t) => `A cross-sectional survey was conducted among ${t.n} ${t.pop} in ${t.country} in ${t.y2}.`,
    () => 'Data were collected using a structured, pre-tested questionnaire administered by trained interviewers.',
    (t) => `${cap(t.cond)} was assessed with a validated screening instrument.`,
    () => 'Multivariable logistic regression was used to estimate adjusted odds ratios (AORs) with 95% confidence intervals (CIs).',
  ],
  casecontrol: [
    (t, r) => `We conducted a matched case-control study including ${commas(r.int(80, 4000))} cases of ${t.cond} and ${t.n} controls from ${t.setting}.`,
    () => 'Controls were matched to cases by age, sex and calendar time.',
    () => 'Conditional logistic regression was used to estimate odds ratios (ORs) and 95% confidence intervals (CIs).',
  ],
  registry: [
    (t) => `We used linked nationwide registers in ${t.country} to identify all ${t.pop} diagnosed with ${t.cond} between ${t.y1} and ${t.y2}.`,
    () => 'Each individual was matched to up to ten comparators from the general population by age, sex and region.',
    () => 'Incidence rates and hazard ratios were estimated using Poisson and Cox regression.',
  ],
  sr: [
    (t, r) => `We searched MEDLINE, Embase, PsycINFO and the Cochrane Library from inception to ${r.pick(MONTHS)} ${t.y2}.`,
    () => 'Two reviewers independently screened studies, extracted data and assessed risk of bias.',
    () => 'Random-effects meta-analyses were performed, and heterogeneity was assessed using the I² statistic.',
    () => 'The certainty of evidence was rated using the GRADE approach.',
  ],
  qual: [
    (t, r) => `Semi-structured interviews were conducted with ${r.int(12, 48)} ${t.pop} recruited from ${t.setting} in ${t.country}.`,
    () => 'Interviews were audio-recorded, transcribed verbatim and analysed using reflexive thematic analysis.',
    () => 'Sampling was purposive to ensure diversity in age, gender and ethnicity.',
    () => 'Service user researchers were involved in data collection, analysis and interpretation.',
  ],
  mixed: [
    (t, r) => `In a longitudinal mixed methods study, ${r.int(18, 60)} ${t.pop} completed measures of ${t.out}, ${t.out2} and ${t.out3} at baseline and at ${t.m1} and ${t.m2} months, and took part in in-depth qualitative interviews.`,
    () => 'Questionnaire data were summarised and compared with relevant population norms, and changes in outcomes were analysed using paired t-tests.',
    () => 'Thematic analysis and interpretive workshops involving service user researchers were used to analyse interview transcripts.',
    () => 'A critical interpretive synthesis approach was used to synthesise analyses of both datasets.',
  ],
  protocol: [
    (t) => `This is a ${t.multi}parallel-group randomised controlled trial in ${t.setting} in ${t.country}.`,
    (t) => `We will recruit ${t.n} ${t.pop} with ${t.cond}, who will be randomly allocated to ${t.interv} or usual care.`,
    (t, r) => `The primary outcome is ${t.out} at ${r.pick([6, 12, 18, 24])} months.`,
    (t) => `Secondary outcomes include ${t.out2}, ${t.out3} and cost-effectiveness.`,
    () => 'An embedded process evaluation will explore implementation, fidelity and acceptability.',
  ],
  lab: [
    (t) => `${cap(t.pop)} were used to model ${t.cond}.`,
    (t) => `We applied ${t.interv} to assess the function of ${t.exp}.`,
    () => 'Expression levels were quantified by qRT-PCR, western blotting and immunohistochemistry.',
    (t) => `${cap(t.out)} was measured using standard assays in at least three independent experiments.`,
  ],
};

const RESULTS = {
  rct: [
    (t, r) => `Of the ${t.n} participants randomised, ${r.dec(35, 75)}% were women and the mean age was ${r.dec(25, 78)} years (SD ${r.dec(6, 15)}).`,
    (t, r) => `${cap(t.interv)} was associated with a significant improvement in ${t.out} compared with usual care (mean difference ${r.dec(0.2, 6, 2)}, 95% CI ${r.dec(0.05, 0.2, 2)} to ${r.dec(6, 9, 2)}; ${pval(r)}).`,
    (t, r) => `No significant between-group differences were observed for ${t.out2} (${pbig(r)}).`,
    () => 'Adverse events were rare and similar between groups.',
    (t, r) => `Adherence to the intervention was ${r.dec(60, 95)}%, and ${r.dec(70, 96)}% of participants completed follow-up.`,
  ],
  cohort: [
    (t, r) => `During ${commas(r.int(5000, 900000))} person-years of follow-up, ${commas(r.int(50, 9000))} participants experienced ${t.out}.`,
    (t, r) => `${cap(t.exp)} was associated with a higher risk of ${t.out} (adjusted HR ${ratio(r, 1.05, 2.8)}).`,
    (t, r) => `The association was stronger among ${r.pick(['women', 'men', 'participants aged 65 years or older', 'those with lower education'])} (p for interaction = 0.0${r.int(1, 4)}).`,
    () => 'Results were consistent across sensitivity analyses.',
    (t, r) => `${cap(t.exp)} was also associated with a ${r.dec(5, 60)}% higher risk of ${t.out2}.`,
  ],
  retro: [
    (t, r) => `A total of ${t.n} patients were included, of whom ${r.dec(10, 60)}% received ${t.interv}.`,
    (t, r) => `After matching, ${t.interv} was associated with lower odds of ${t.out} (OR ${ratio(r, 0.35, 0.9)}).`,
    (t, r) => `There was no significant difference in ${t.out2} (${pbig(r)}).`,
    (t, r) => `Older age and ${r.pick(COVARIATES)} were independently associated with ${t.out3}.`,
  ],
  registry: [
    (t, r) => `We identified ${t.n} individuals with ${t.cond}; the crude incidence was ${r.dec(0.5, 90)} per 100,000 person-years.`,
    (t, r) => `${cap(t.cond)} was associated with an increased risk of ${t.out} (HR ${ratio(r, 1.1, 3.5)}).`,
    (t, r) => `Incidence increased by ${r.dec(0.5, 6)}% per year over the study period.`,
    () => 'Associations persisted after sibling comparison analyses.',
  ],
  cross: [
    (t, r) => `The prevalence of ${t.cond} was ${r.dec(3, 65)}% (95% CI ${r.dec(1, 3)}–${r.dec(65, 80)}).`,
    (t, r) => `${cap(t.exp)} (AOR ${ratio(r, 1.2, 4.5)}) was independently associated with ${t.cond}.`,
    (t, r) => `The response rate was ${r.dec(55, 97)}%.`,
    (t, r) => `Lower ${t.out} was reported by ${r.dec(10, 70)}% of respondents.`,
  ],
  casecontrol: [
    (t, r) => `${cap(t.exp)} was more common among cases than controls (${r.dec(20, 60)}% vs ${r.dec(5, 20)}%).`,
    (t, r) => `After adjustment, ${t.exp} was associated with increased odds of ${t.cond} (OR ${ratio(r, 1.2, 4)}).`,
    () => 'A dose-response relationship was observed.',
  ],
  sr: [
    (t, r) => `A total of ${r.int(6, 120)} studies (${t.n} participants) met the inclusion criteria.`,
    (t, r) => `${cap(t.exp)} was associated with ${t.out} (pooled OR ${ratio(r, 1.1, 2.6)}; I² = ${r.int(10, 92)}%).`,
    () => 'Heterogeneity was substantial, and most studies were at moderate risk of bias.',
    () => 'Findings were robust in sensitivity analyses excluding studies at high risk of bias.',
  ],
  qual: [
    (t) => `Three overarching themes were identified: ${t.theme1}; ${t.theme2}; and ${t.theme3}.`,
    (t) => `Participants described ${t.interv} as valuable but highlighted ${t.theme2}.`,
    (t) => `Many participants felt that ${t.theme3} shaped their engagement with services.`,
    (t, r) => `Experiences varied according to ${r.pick(['age', 'gender', 'ethnicity', 'length of illness', 'professional role'])}.`,
  ],
  mixed: [
    () => 'For the duration of the study, all questionnaire outcomes were comparable with population norms.',
    (t) => `There were small decreases in ${t.out} after ${t.m1} months, but these changes were largely not maintained at ${t.m2} months.`,
    (t) => `Participants felt valued, empowered and connected, but described ${t.theme2}.`,
    (t) => `Supervision and ${t.theme1} were supportive, although ${t.theme3} could be improved.`,
  ],
  protocol: [
    (t, r) => `Recruitment started in ${r.pick(MONTHS)} ${t.y2} and is expected to be completed by ${r.pick(MONTHS)} ${t.year + 1}.`,
    (t, r) => `As of ${r.pick(MONTHS)} ${t.year}, ${r.int(20, 400)} participants had been enrolled.`,
  ],
  lab: [
    (t) => `${cap(t.exp)} was significantly upregulated in ${t.cond} compared with controls (p < 0.01).`,
    (t, r) => `Knockdown of ${t.exp} reduced ${t.out} by ${r.dec(20, 80)}% and attenuated ${t.out2}.`,
    (t) => `Mechanistically, ${t.exp} acted through ${t.mech}.`,
    (t) => `These effects were reproduced in ${t.pop}.`,
  ],
};

const CONCLUSIONS = {
  rct: [
    (t) => `${cap(t.interv)} improved ${t.out} in ${t.pop} and could be considered in routine care.`,
    () => 'Longer follow-up is needed to establish whether these benefits are sustained.',
  ],
  observational: [
    (t) => `${cap(t.exp)} is independently associated with ${t.out} in ${t.pop}.`,
    (t) => `These findings support targeted prevention strategies in ${t.setting}.`,
    () => 'Further prospective studies are warranted to confirm these results.',
  ],
  cross: [
    (t) => `${cap(t.cond)} is common among ${t.pop} in ${t.country}.`,
    (t) => `Interventions addressing ${t.exp} are needed.`,
  ],
  sr: [
    (t) => `Current evidence suggests that ${t.exp} is associated with ${t.out}, although the certainty of evidence is low.`,
    () => 'High-quality prospective studies are needed.',
  ],
  qual: [
    (t) => `${cap(t.pop)} value ${t.interv}, but ${t.theme2} should be addressed to support implementation.`,
    (t) => `Services should consider these findings when designing ${t.interv}.`,
  ],
  mixed: [
    (t) => `${cap(t.pop)} seem no more likely to experience negative impacts than other groups but should be well supported as they settle into the role.`,
    (t) => `Research is needed to optimise ${t.interv} alongside clinical teams in ${t.setting}.`,
  ],
  protocol: [
    (t) => `This trial will provide robust evidence on the effectiveness and cost-effectiveness of ${t.interv} for ${t.pop} with ${t.cond}.`,
  ],
  lab: [
    (t) => `Our findings identify ${t.exp} as a potential therapeutic target in ${t.cond}.`,
    () => 'These results provide new insight into disease mechanisms.',
  ],
};
const CONCLUSION_SET = {
  rct: 'rct', cohort: 'observational', retro: 'observational', registry: 'observational', casecontrol: 'observational',
  cross: 'cross', sr: 'sr', qual: 'qual', mixed: 'mixed', protocol: 'protocol', lab: 'lab',
};

/** Extra sentences, per kind of study, that lengthen an abstract towards its target size. */
const FILLERS = {
  quant: {
    METHODS: [
      () => 'Missing data were handled using multiple imputation by chained equations.',
      () => 'The study was approved by the institutional research ethics committee, and all participants provided written informed consent.',
      () => 'The study is reported in accordance with the relevant EQUATOR reporting guideline.',
      () => 'A statistical analysis plan was finalised before the analysis began.',
      (t) => `Eligibility criteria, recruitment procedures and data collection were standardised across ${t.setting}.`,
      () => 'Patient and public involvement representatives contributed to the study design and the interpretation of findings.',
      () => 'The sample size was calculated to provide 80% power at a two-sided significance level of 5%.',
      (t, r) => `Demographic and clinical characteristics, including age, sex and ${r.pick(COVARIATES)}, were recorded at baseline.`,
      () => 'All analyses were performed using R and Stata.',
    ],
    RESULTS: [
      () => 'Subgroup analyses by age and sex yielded similar results.',
      () => 'Estimates changed little after additional adjustment for potential confounders.',
      (t, r) => `Complete data were available for ${r.dec(75, 99)}% of participants.`,
      (t) => `Participants lost to follow-up were younger and more likely to report poor ${t.out2} at baseline.`,
      (t) => `Findings were broadly consistent across ${t.setting}.`,
      (t, r) => `Changes in ${t.out3} were small and not statistically significant (${pbig(r)}).`,
      () => 'Sensitivity analyses using alternative definitions of the outcome produced similar estimates.',
    ],
  },
  qual: {
    METHODS: [
      () => 'Data collection continued until thematic saturation was reached.',
      () => 'Reflexive notes were kept throughout data collection and analysis.',
      () => 'Transcripts were coded independently by two researchers, and discrepancies were resolved through discussion.',
      () => 'The study was approved by the institutional research ethics committee, and all participants provided written informed consent.',
      () => 'Patient and public involvement representatives contributed to the study design and the interpretation of findings.',
    ],
    RESULTS: [
      (t) => `Participants emphasised ${t.theme1} as central to their experience.`,
      () => 'Accounts highlighted tensions between organisational expectations and personal values.',
      (t) => `Some participants described ${t.theme3} as a source of frustration, while others saw it as an opportunity.`,
      () => 'Participants valued flexibility, clear communication and opportunities for reflection.',
    ],
  },
  lab: {
    METHODS: [
      () => 'All animal procedures were approved by the institutional animal care and use committee.',
      () => "Data are presented as mean ± standard deviation and were compared using Student's t-test or one-way ANOVA.",
      () => 'Cell viability was assessed using CCK-8 and colony formation assays.',
      () => 'Transcriptomic profiling was performed by RNA sequencing, followed by pathway enrichment analysis.',
    ],
    RESULTS: [
      () => 'Consistent results were obtained in two independent cell lines.',
      (t, r) => `Treatment decreased the expression of pro-inflammatory cytokines by ${r.dec(20, 70)}%.`,
      () => 'Rescue experiments confirmed the specificity of these effects.',
      (t) => `Pathway analysis revealed enrichment of genes related to ${t.mech}.`,
    ],
  },
};
FILLERS.sr = {
  METHODS: [
    () => 'The review protocol was registered in PROSPERO.',
    () => 'Reference lists of included studies were hand-searched for additional reports.',
    () => 'Observational and interventional studies published in any language were eligible.',
    () => 'Risk of bias was assessed with the Newcastle-Ottawa Scale and the Cochrane RoB 2 tool.',
    () => "Publication bias was assessed with funnel plots and Egger's test.",
  ],
  RESULTS: [
    () => 'Most included studies were conducted in high-income countries.',
    (t, r) => `There was no evidence of publication bias (Egger's test ${pbig(r)}).`,
    (t) => `Associations were stronger in studies conducted in ${t.setting}.`,
    () => 'Sensitivity analyses restricted to prospective studies gave similar pooled estimates.',
  ],
};
FILLERS.protocol = {
  METHODS: [
    () => 'Participants will be recruited over 18 months.',
    () => 'Outcomes will be assessed by researchers blinded to allocation.',
    () => 'The sample size provides 90% power to detect a clinically important difference.',
    () => 'Analyses will follow the intention-to-treat principle.',
    () => 'A health economic evaluation will be conducted alongside the trial.',
  ],
  RESULTS: [
    () => 'Ethical approval has been obtained from the relevant research ethics committee.',
    () => 'Findings will be disseminated through peer-reviewed publications, conferences and patient organisations.',
    (t) => `Recruitment is ongoing in ${t.setting}.`,
  ],
};
const FILLER_KIND = { qual: 'qual', mixed: 'qual', lab: 'lab', sr: 'sr', protocol: 'protocol' };
const CONCLUSION_EXTRA = [
  (t) => `These findings have implications for policy and practice in ${t.country} and similar settings.`,
  () => 'Future research should examine the mechanisms underlying these findings.',
];

const MIN_ABSTRACT = 1024;
const MAX_ABSTRACT = 3072;

/**
 * A structured abstract of 1–3 KB (UTF-8): each section starts with its minimum number of
 * sentences, then spare sentences are added at random until a target size drawn in
 * 1,100–3,000 bytes (mean ~2 KB) is reached. Sentences keep their pool order within a section.
 */
function buildAbstract(t, r) {
  const design = t.design;
  const fill = FILLERS[FILLER_KIND[design] ?? 'quant'];
  const plan = [
    ['BACKGROUND', design === 'lab' ? LAB_BACKGROUND : BACKGROUND, 1, [], [AIMS[design]]],
    ['METHODS', METHODS[design], 2, fill.METHODS, []],
    ['RESULTS', RESULTS[design], 2, fill.RESULTS, []],
    ['CONCLUSIONS', CONCLUSIONS[CONCLUSION_SET[design]], 1, CONCLUSION_EXTRA, []],
  ];
  // Per section: candidate sentences in order (pool, then fillers, then fixed tail), chosen slots.
  const sections = plan.map(([head, pool, min, extra, tail]) => {
    const candidates = pool.concat(extra);
    const order = r.sample(pool.map((_, i) => i), pool.length).concat(r.sample(extra.map((_, i) => pool.length + i), extra.length));
    const chosen = new Map();
    for (const i of order.slice(0, min)) chosen.set(i, candidates[i](t, r));
    tail.forEach((f, k) => chosen.set(candidates.length + k, f(t, r)));
    return { head, candidates, spare: order.slice(min), chosen };
  });
  const target = 1100 + Math.floor(((r.next() + r.next()) / 2) * 1900);
  const headBytes = sections.reduce((n, s) => n + s.head.length + 3, 0);
  let bytes = headBytes;
  for (const s of sections) for (const text of s.chosen.values()) bytes += Buffer.byteLength(text) + 1;
  // Methods and results grow three times as often as background and conclusions.
  const weights = [1, 3, 3, 1];
  while (bytes < target) {
    const open = sections.map((s, k) => (s.spare.length ? weights[k] : 0));
    const total = open.reduce((a, b) => a + b, 0);
    if (total === 0) break;
    let u = r.next() * total;
    let k = 0;
    while (u >= open[k]) u -= open[k++];
    const s = sections[k];
    const i = s.spare.shift();
    const text = s.candidates[i](t, r);
    const size = Buffer.byteLength(text) + 1;
    if (bytes + size > MAX_ABSTRACT) continue;
    s.chosen.set(i, text);
    bytes += size;
  }
  // Safety net: repeat result sentences (with fresh numbers) if still short.
  const results = sections[2];
  for (let k = 0; bytes < MIN_ABSTRACT; k++) {
    const text = results.candidates[k % results.candidates.length](t, r);
    results.chosen.set(results.candidates.length + 100 + k, text);
    bytes += Buffer.byteLength(text) + 1;
  }
  const parts = sections.map((s) => `${s.head}: ${[...s.chosen.entries()].sort((a, b) => a[0] - b[0]).map((e) => e[1]).join(' ')}`);
  if ((design === 'rct' || design === 'protocol') && r.chance(0.6)) {
    const reg = r.chance(0.5) ? `ISRCTN${r.int(10000000, 99999999)}` : `ClinicalTrials.gov NCT0${r.int(1000000, 5999999)}`;
    const line = `TRIAL REGISTRATION: ${reg}. Registered ${r.int(1, 28)} ${r.pick(MONTHS)} ${t.y1}.`;
    if (bytes + line.length + 1 <= MAX_ABSTRACT) parts.push(line);
  }
  return parts.join(' ');
}

// ---------------------------------------------------------------------------------------------
// DOIs, dates
// ---------------------------------------------------------------------------------------------

/** DOI suffix in the publisher's style; `u` (unique per record) makes the DOI unique. */
function doiSuffix(style, j, year, u, r) {
  const yy = String(year % 100).padStart(2, '0');
  const u5 = String(u).padStart(5, '0');
  const u7 = String(u).padStart(7, '0');
  switch (style) {
    case 'springer': return `s${j.code}-0${yy}-${u5}-${r.int(0, 9)}`;
    case 'frontiers': return `${j.abbr}.${year}.${String(u).padStart(6, '0')}`;
    case 'plos': return `journal.p${j.name.replace(/^PLoS /, '').slice(0, 3).toLowerCase()}.${u7}`;
    case 'mdpi': return `${j.abbr}${year - 1990 + (j.code % 7)}${u7}`;
    case 'elsevier': return `j.${j.abbr}.${year}.${u7}`;
    case 'wiley': return `${j.abbr}.${u5}`;
    case 'bmj': return `bmjopen-${year}-${String(u).padStart(6, '0')}`;
    case 'oup': return `${j.abbr}/${j.abbr}${u5}`;
    case 'hindawi': return `${year}/${u7}`;
    case 'cureus': return `cureus.${u5}`;
    case 'sage': return `${j.issn}${yy}${String(u).padStart(6, '0')}`;
    case 'lww': return `MD.${String(u).padStart(16, '0')}`;
    case 'dove': return `${j.abbr.toUpperCase()}.S${String(u).padStart(6, '0')}`;
    case 'jmir': return u5;
    case 'f1000': return `f1000research.${u5}.${r.int(1, 2)}`;
    case 'elife': return `eLife.${u5}`;
    case 'cambridge': return `S${j.issn}${yy}${String(u).padStart(6, '0')}`;
    case 'tandf': return `${j.issn}.${year}.${u7}`;
    case 'peerj': return `peerj.${u5}`;
    case 'medknow': return `${j.abbr}.${j.abbr}_${u}_${yy}`;
    default: throw new Error(`unknown DOI style ${style}`);
  }
}

const DAY = 86400000;
const isoDate = (ms) => new Date(ms).toISOString().slice(0, 10);

// ---------------------------------------------------------------------------------------------
// Records
// ---------------------------------------------------------------------------------------------

/** Smallest default author pool, so that tiny corpora do not repeat the same few people. */
const MIN_PERSONS = 1000;
const PMC_DOMAIN = 10_000_000; // PMC1000000 … PMC10999999
const PMID_DOMAIN = 30_000_000; // 10000000 … 39999999
/** The largest corpus the unique identifiers allow. */
export const MAX_RECORDS = PMC_DOMAIN;

const LANGUAGES = weighted([[['English', 'en'], 970], [['Spanish', 'es'], 10], [['Portuguese', 'pt'], 8], [['French', 'fr'], 6], [['German', 'de'], 6]]);
const FORMAT_ES = { Online: 'Online', Article: 'Artículo', Text: 'Texto' };

const CLINICAL_DOMAINS = Object.keys(DOMAINS).filter((d) => d !== 'lab');
const LAST_HARVEST = Date.UTC(2025, 11, 31);
/** Publication years 1990–2025 with output growing ~8% a year (density ∝ e^(0.08·(year − 1990))). */
const YEAR_GROWTH = 0.08;
const YEAR_GROWTH_SPAN = Math.exp(36 * YEAR_GROWTH) - 1;
/** Cureus-style speciality headings per domain. */
const SPECIALITY = Object.fromEntries(Object.keys(DOMAINS).map((d) => [d, FIELDS.find((f) => f[1] === d)[0]]));

/** The article category PMC gives as the subject (`topic`). */
function topicOf(publisher, journal, design, domainName, r) {
  if (publisher === PUBLISHERS.frontiers) return journal.name.replace(/^Frontiers in /, '');
  if (!publisher.topics) return SPECIALITY[domainName];
  if (design === 'protocol' && publisher === PUBLISHERS.bmc) return 'Study Protocol';
  if (design === 'sr' && publisher.topics !== TOPICS_MDPI) return publisher === PUBLISHERS.bmc ? 'Research' : 'Review';
  return publisher.topics(r);
}

/** Shared, seed-dependent context: journals, person pool parameters. */
function context({ seed = 1, persons, count }) {
  if (!Number.isSafeInteger(seed)) throw new TypeError('seed must be a safe integer');
  const seedKey = hash(seed >>> 0, Math.floor(seed / 4294967296) | 0, 0x53454544);
  const pool = persons ?? Math.max(MIN_PERSONS, 2 * count);
  if (!Number.isInteger(pool) || pool < 1) throw new RangeError('persons must be a positive integer');
  const { journals } = buildJournals(seedKey);
  // Zipf–Mandelbrot offset scaled with the pool: with the default pool the most frequent person
  // appears in ~100 records whatever the corpus size, and most people in one or two.
  const q = Math.max(10, pool / 100);
  return {
    seedKey,
    journals,
    persons: pool,
    zipfQ: q,
    zipfL: Math.log((pool + q) / q),
    journalQ: 5,
    journalL: Math.log((journals.length + 5) / 5),
  };
}

/** Person id by a Zipf–Mandelbrot choice (p ∝ 1 / (rank + q)) over the pool. */
function zipfPerson(ctx, r) {
  return Math.min(ctx.persons - 1, Math.floor(ctx.zipfQ * Math.exp(r.next() * ctx.zipfL) - ctx.zipfQ));
}

/** 2–30 authors: 2 for ~6%, 3–10 for ~80% (mode 4–6), 11–30 for the rest. */
function authorCount(r) {
  const u = r.next();
  if (u < 0.06) return 2;
  if (u < 0.86) return 3 + Math.floor(Math.pow((r.next() + r.next()) / 2, 1.35) * 8);
  return Math.min(30, 11 + Math.floor(-Math.log(1 - r.next()) * 5));
}

/**
 * The structured record `index` (ground truth behind the text): identifiers, people, journal,
 * dates, texts. Pure function of (ctx seed, index, pool size).
 */
function buildRecord(ctx, index) {
  const r = new Rand(hash(ctx.seedKey, index, 0x524543));

  // Identifiers, unique per index.
  const pmcid = 1_000_000 + permute(index, PMC_DOMAIN, 24, hash(ctx.seedKey, 1));
  const pmid = 10_000_000 + permute(index, PMID_DOMAIN, 26, hash(ctx.seedKey, 2));
  const u = permute(index, PMC_DOMAIN, 24, hash(ctx.seedKey, 3));

  // Journal (Zipf over 2,000) and subject domain.
  const jr = Math.min(ctx.journals.length - 1, Math.floor(ctx.journalQ * Math.exp(r.next() * ctx.journalL) - ctx.journalQ));
  const journal = ctx.journals[jr];
  const domainName = journal.domain ?? (r.chance(0.05) ? 'lab' : r.pick(CLINICAL_DOMAINS));
  const domain = DOMAINS[domainName];
  const design = domainName === 'lab' ? DESIGNS_LAB(r) : DESIGNS_CLINICAL(r);

  // Dates: publication skewed to recent years; harvest a few days to weeks later.
  const year = Math.min(2025, 1990 + Math.floor(Math.log(1 + r.next() * YEAR_GROWTH_SPAN) / YEAR_GROWTH));
  const pubMs = Date.UTC(year, r.int(0, 11), 1) + r.int(0, 27) * DAY;
  const pubDate = isoDate(pubMs);
  const harvestMs = pubMs + (r.chance(0.8) ? r.int(0, 45) : r.int(46, 1500)) * DAY;
  const harvestDate = isoDate(Math.max(pubMs, Math.min(harvestMs, LAST_HARVEST)));

  // Authors: Zipf-chosen persons, with co-author teams (ids in the same block of 32).
  const n = authorCount(r);
  const authors = [];
  const ids = new Set();
  const lead = zipfPerson(ctx, r);
  for (let guard = 0; authors.length < n && guard < n * 20; guard++) {
    let id;
    if (authors.length === 0) id = lead;
    else if (r.chance(0.45)) id = Math.min(ctx.persons - 1, (lead & ~31) + r.int(0, 31));
    else id = zipfPerson(ctx, r);
    if (ids.has(id)) continue;
    const name = personName(ctx.seedKey, id);
    if (authors.includes(name)) continue;
    ids.add(id);
    authors.push(name);
  }
  // A tiny pool may not hold enough distinct people; fill from fresh ids past the pool.
  for (let extra = ctx.persons; authors.length < n; extra++) {
    const name = personName(ctx.seedKey, extra);
    if (!authors.includes(name)) authors.push(name);
  }
  const families = authors.map((a) => a.slice(0, a.indexOf(',')));

  // Subject terms.
  const outs = r.sample(domain.out, 3);
  const themes = r.sample(THEMES, 3);
  const y2 = Math.max(1985, year - r.int(1, 3));
  const m1 = r.pick([3, 4, 6]);
  const t = {
    design,
    year,
    cond: r.pick(domain.cond),
    interv: r.pick(domain.interv),
    exp: r.pick(domain.exp),
    out: outs[0],
    out2: outs[1] ?? outs[0],
    out3: outs[2] ?? outs[0],
    pop: r.pick(domain.pop),
    setting: r.pick(domain.setting),
    country: r.pick(COUNTRIES),
    acronym: r.pick(ACRONYMS) + (r.chance(0.3) ? `-${r.int(2, 4)}` : ''),
    multi: r.pick(['', '', 'multicentre ', 'pragmatic ', 'cluster ']),
    mech: r.pick(MECHANISMS),
    theme1: themes[0],
    theme2: themes[1],
    theme3: themes[2],
    y1: y2 - r.int(1, 8),
    y2,
    m1,
    m2: m1 * r.pick([2, 3, 4]),
    n: commas(Math.round(Math.exp(Math.log(40) + r.next() * (Math.log(60000) - Math.log(40))))),
  };
  t.popOrPatients = r.chance(0.5) ? t.pop : `patients with ${t.cond}`;
  let title = cap(r.pick(TITLES[design])(t));
  if (!title.includes(t.country) && !title.endsWith('?') && r.chance(0.2)) {
    const colon = title.indexOf(': ');
    title = colon > 0 ? `${title.slice(0, colon)} in ${t.country}${title.slice(colon)}` : `${title} in ${t.country}`;
  }
  const abstract = buildAbstract(t, r);

  // Publisher-dependent parts.
  const publisher = journal.publisher;
  const topic = topicOf(publisher, journal, design, domainName, r);
  const doi = `${publisher.prefix}/${doiSuffix(publisher.doi, journal, year, u, r)}`;
  const [language, languageCode] = LANGUAGES(r);
  const rights = RIGHTS[publisher.rights](year, families, publisher.name);
  const version = `17${String(r.int(0, 99999999)).padStart(8, '0')}${String(r.int(0, 999999999)).padStart(9, '0')}`;

  return {
    index,
    id: `pubmed-${pmcid}`,
    pmcid: `PMC${pmcid}`,
    pmid: String(pmid),
    doi,
    version,
    title,
    authors,
    journal: journal.name,
    publisher: publisher.name,
    topic,
    design,
    abstract,
    pubDate,
    harvestDate,
    year: String(year),
    language,
    languageCode,
    rights,
  };
}

/** The Solr fields of a record, in staff-view order; multi-valued fields as arrays. */
function solrFields(rec) {
  const urls = [
    `https://www.ncbi.nlm.nih.gov/pmc/articles/${rec.pmcid}/`,
    `https://www.ncbi.nlm.nih.gov/pubmed/${rec.pmid}`,
    `http://dx.doi.org/${rec.doi}`,
  ];
  const spelling =
    `${rec.id}${rec.harvestDate} ${rec.title} ${rec.authors.join(' ')} ${rec.journal} ${rec.topic} ${rec.abstract} ` +
    `${rec.publisher} ${rec.pubDate} /pmc/articles/${rec.pmcid}/ /pubmed/${rec.pmid} http://dx.doi.org/${rec.doi} ` +
    `Text ${rec.languageCode} ${rec.rights}`;
  const titleSort = stripArticle(rec.title).toLowerCase();
  return {
    _version_: rec.version,
    author: rec.authors,
    author_facet: rec.authors,
    author_sort: rec.authors[0],
    collection: ['PubMed'],
    description: rec.abstract,
    format: ['Online', 'Article', 'Text'],
    id: rec.id,
    institution: ['National Center for Biotechnology Information'],
    language: [rec.language],
    publishDate: [rec.year],
    publisher: [rec.publisher],
    record_format: 'MEDLINE/PubMed',
    spelling,
    spellingShingle: [rec.topic, ...rec.authors, rec.title],
    title: rec.title,
    title_full: rec.title,
    title_fullStr: rec.title,
    title_full_unstemmed: rec.title,
    title_short: rec.title,
    title_sort: titleSort,
    topic: [rec.topic],
    url: urls,
    work_keys_str_mv: workKeys(rec.authors, rec.title),
  };
}

/** VuFind's summary teaser: first 300 characters cut back to a word boundary, then `...`. */
function teaser(text) {
  if (text.length <= 300) return text;
  const cut = text.slice(0, 300);
  const space = cut.lastIndexOf(' ');
  return `${(space > 0 ? cut.slice(0, space) : cut).trimEnd()}...`;
}

/** Record page text, laid out exactly like the seed (no trailing newline). */
export function renderPage(rec) {
  const f = solrFields(rec);
  const lines = [
    'Cargando…',
    rec.title,
    teaser(rec.abstract),
    `Autores principales: | ${new Array(rec.authors.length - 1).fill(',').join(' ')} |`,
    '---|---|',
    `Formato: | ${f.format.map((x) => FORMAT_ES[x] ?? x).join(' ')} |`,
    `Lenguaje: | ${rec.language} |`,
    'Publicado: |',
    rec.publisher,
    rec.year,
    '|',
    'Materias: | |',
    `Acceso en línea: | ${f.url.join(' ')} |`,
  ];
  let first = true;
  for (const [name, value] of Object.entries(f)) {
    lines.push(`${name} | ${Array.isArray(value) ? value.join(' ') : value} |`);
    if (first) lines.push('---|---|');
    first = false;
  }
  return lines.join('\n');
}

/** Solr document as one JSON line (no trailing newline); `_version_` as a bare number. */
export function renderSolr(rec) {
  const { _version_: version, ...rest } = solrFields(rec);
  return `{"_version_":${version},${JSON.stringify(rest).slice(1)}`;
}

/** The Solr document as a plain object (`_version_` as a string, to keep all 19 digits). */
export function solrDoc(rec) {
  return solrFields(rec);
}

function checkOptions({ count, startIndex = 0, format = 'page' }) {
  if (!Number.isInteger(count) || count < 0) throw new RangeError('count must be a non-negative integer');
  if (!Number.isInteger(startIndex) || startIndex < 0) throw new RangeError('startIndex must be a non-negative integer');
  if (startIndex + count > MAX_RECORDS) throw new RangeError(`at most ${MAX_RECORDS} records (startIndex + count)`);
  if (format !== 'page' && format !== 'solr') throw new RangeError(`format must be 'page' or 'solr', not ${format}`);
}

/**
 * Structured records (the ground truth the texts are rendered from), one at a time.
 * Options as for generateRecords (format ignored).
 */
export function* generateRecordData({ count, seed = 1, startIndex = 0, persons } = {}) {
  checkOptions({ count, startIndex });
  const ctx = context({ seed, persons, count });
  for (let i = startIndex; i < startIndex + count; i++) yield buildRecord(ctx, i);
}

/**
 * Record texts, one at a time: `page` (the seed's layout, no trailing newline) or `solr` (one
 * JSON line, no trailing newline).
 */
export function* generateRecords({ count, seed = 1, format = 'page', startIndex = 0, persons } = {}) {
  checkOptions({ count, startIndex, format });
  const render = format === 'solr' ? renderSolr : renderPage;
  for (const rec of generateRecordData({ count, seed, startIndex, persons })) yield render(rec);
}

// ---------------------------------------------------------------------------------------------
// CLI
// ---------------------------------------------------------------------------------------------

const USAGE = `usage: node bench/generate.mjs --count N [--seed S] [--format page|solr] [--out FILE]
                                [--start I] [--persons P]
  --count N      number of records (required)
  --seed S       PRNG seed, an integer (default 1)
  --format F     page (record page text, as the seed) or solr (JSON Lines); default page
  --out FILE     output file (default: stdout)
  --start I      index of the first record (default 0), for sharding
  --persons P    size of the author pool (default max(1000, 2 × count)); give the same P to every shard`;

function intOption(value, name, fallback) {
  if (value === undefined) return fallback;
  if (!/^-?\d+$/.test(value)) throw new RangeError(`--${name} must be an integer, not ${value}`);
  return Number(value);
}

/** Writes the corpus with backpressure: records are batched into ~1 MB chunks. */
export async function writeCorpus(options, stream) {
  let records = 0;
  let bytes = 0;
  let parts = [];
  let size = 0;
  let failure;
  const onError = (e) => (failure ??= e);
  stream.on('error', onError);
  const flush = async () => {
    const buf = Buffer.from(parts.join(''), 'utf8');
    parts = [];
    size = 0;
    bytes += buf.length;
    if (!stream.write(buf)) await once(stream, 'drain');
    if (failure) throw failure;
  };
  for (const text of generateRecords(options)) {
    parts.push(text, '\n');
    size += text.length + 1;
    records++;
    if (size >= 1 << 20) await flush();
  }
  if (size > 0) await flush();
  return { records, bytes };
}

async function main(argv) {
  const { values } = parseArgs({
    args: argv,
    options: {
      count: { type: 'string' },
      seed: { type: 'string' },
      format: { type: 'string' },
      out: { type: 'string' },
      start: { type: 'string' },
      persons: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) {
    process.stdout.write(`${USAGE}\n`);
    return;
  }
  if (values.count === undefined) throw new RangeError('--count is required');
  const options = {
    count: intOption(values.count, 'count'),
    seed: intOption(values.seed, 'seed', 1),
    format: values.format ?? 'page',
    startIndex: intOption(values.start, 'start', 0),
    persons: intOption(values.persons, 'persons', undefined),
  };
  checkOptions(options);
  const started = process.hrtime.bigint();
  const stream = values.out ? createWriteStream(values.out) : process.stdout;
  if (!values.out)
    stream.on('error', (e) => {
      if (e.code === 'EPIPE') process.exit(0);
    });
  const { records, bytes } = await writeCorpus(options, stream);
  if (values.out) {
    stream.end();
    await finished(stream);
  }
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  process.stderr.write(
    `generate: ${records} records, ${bytes} bytes (${options.format}, seed ${options.seed}) to ${values.out ?? 'stdout'} in ${seconds.toFixed(2)} s\n`,
  );
}

const invokedPath = process.argv[1] ? realpathSync(process.argv[1]) : '';
if (invokedPath && import.meta.url === pathToFileURL(invokedPath).href) {
  main(process.argv.slice(2)).catch((e) => {
    process.stderr.write(`generate: ${e.message}\n${e instanceof RangeError || e instanceof TypeError ? `${USAGE}\n` : ''}`);
    process.exit(e instanceof RangeError || e instanceof TypeError ? 2 : 1);
  });
}
