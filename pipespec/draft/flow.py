"""Stages and flow: the stages the sentences state (pipespec.draft.assemble), wired by data flow.

An edge is *stated* when one sentence names both of its ends ("features extracted with PyRadiomics were fed to an
SVM"); otherwise it is *inferred* from the data types and the order of the pipeline (images -> pre-processing ->
delineation -> extraction -> feature processing -> model -> output), and says so.
"""


import collections
import re
from typing import NamedTuple, SupportsIndex

from pipespec import vocab
from pipespec.analysis.facts import DELINEATING_TASKS
from pipespec.draft.assemble import (
    _FED_FEATURES,
    RESERVED,
    Delineation,
    Network,
    Reading,
    _canonical,
    _first,
    _form,
    _Stage,
    _training_labels,
    classical_models,
    clinical_input,
    clustering_algorithm,
    delineation,
    features_supplied,
    fed_features,
    generic_models,
    given_images_too,
    habitats,
    handcrafted,
    has_own_head,
    head_segments,
    image_inputs,
    image_preprocessing,
    is_extractor,
    keeps_its_features,
    learned_with_output,
    makes_images,
    networks,
    outputs,
    prepared_by,
    processing,
    product_marks,
    product_sentences,
    products,
    reads_text,
    ready_made,
    said_to_make_images,
    segments_itself,
    semantic,
    several_heads,
    tasks,
    trained_as_one,
    training_facts,
    unnamed_delineator,
    unnamed_fed_features,
    unnamed_given_images,
    value,
    value_list,
)
from pipespec.draft.mentions import Mention
from pipespec.draft.records import DraftEdge, DraftStage, Note

MAX_EDGE_EVIDENCE = 3
_FIXED = re.compile(r"\bfixed (?:feature )?(?:extractor|encoder|backbone)\b|\bweights (?:were |are )?(?:kept )?fixed\b", re.I)


class Drafted(NamedTuple):
    stages: list[DraftStage]
    edges: list[DraftEdge]


class _Stages(list[_Stage]):
    """The graph's stages, with a count of their names kept as stages are added, inserted and removed (a stage's
    name is chosen once, when it is added), so that choosing a free name costs the same however many there are."""

    def __init__(self) -> None:
        super().__init__()
        self.names: collections.Counter[str] = collections.Counter()
        self.next_free: dict[str, int] = {}  # base name -> the suffix its last numbered name took (all below taken)

    def append(self, st: _Stage, /) -> None:
        super().append(st)
        self.names[st.name] += 1

    def insert(self, index: SupportsIndex, st: _Stage, /) -> None:
        super().insert(index, st)
        self.names[st.name] += 1

    def remove(self, st: _Stage, /) -> None:
        super().remove(st)
        self.names[st.name] -= 1
        self.next_free.clear()  # a name freed: the next stage of its base may take it again

    def taken(self, name: str) -> bool:
        return self.names[name] > 0 or name in RESERVED


class _Graph:
    def __init__(self, r: Reading):
        self.r = r
        self.stages = _Stages()
        self.edges: list[tuple[_Stage, _Stage]] = []
        self._linked: set[tuple[int, int]] = set()  # (id of source, id of target) of each edge

    def add(self, st: _Stage | None) -> _Stage | None:
        if st is None:
            return None
        base, k = st.name, self.stages.next_free.get(st.name, 2)
        while self.stages.taken(st.name):
            st.name = f"{base}{k}"
            k += 1
        if st.name != base:
            self.stages.next_free[base] = k - 1
        self.stages.append(st)
        return st

    def link(self, sources: list[_Stage], target: _Stage | None) -> None:
        if target is None:
            return
        for s in sources:
            if s is not target and (id(s), id(target)) not in self._linked:
                self._linked.add((id(s), id(target)))
                self.edges.append((s, target))

    def records(self) -> Drafted:
        r = self.r
        edges: list[DraftEdge] = []
        for a, b in self.edges:
            shared = sorted(set(a.sentences) & set(b.sentences))
            if shared and not (a.inferred or b.inferred):
                ev = tuple(r.evidence(i, b.sentences.get(i) or a.sentences.get(i))
                           for i in shared[:MAX_EDGE_EVIDENCE])
                edges.append(DraftEdge(a.name, b.name, False, ev))
            else:
                first = sorted(b.sentences.items())[:1] or sorted(a.sentences.items())[:1]
                edges.append(DraftEdge(a.name, b.name, True, tuple(r.evidence(i, at) for i, at in first)))
        return Drafted([s.record(r) for s in self.stages], edges)


_AGENT_OF_DELINEATION = re.compile(r"(?:segment|delineat|contour|outlin|annotat|locali[sz]|detect)\w*\s+(?:[\w,-]+\s+){0,4}?"
                                   r"(?:by|with|using|via)\s+(?:[\w-]+\s+){0,4}$", re.I)


def _delineating_agent(r: Reading, i: int, cue: str) -> bool:
    """The unnamed model of sentence ``i`` is the one that delineates ("segmented automatically using a previously
    published deep learning model"): the delineation's tool, not a model of the pipeline."""
    s = r.sentences[i]
    return any(_AGENT_OF_DELINEATION.search(r.text[max(s.start, c.start - 90):c.start]) or unnamed_delineator(r, i, c)
               for c in r.cues(i, cue))


def _self_supervised(names: tuple[str, ...]) -> bool:
    """The network is named by a method that trains without labels (SimCLR, MoCo, DINO ...)."""
    term = vocab.lookup(names[0])
    return term is not None and term.name in vocab.SELF_SUPERVISED


def _fine_tuned_later(r: Reading, net: Network, said: bool = False) -> bool:
    """The network is fine-tuned or given weights; or, where its sentences say it was pretrained without labels
    (``said``), another of its sentences trains it to the study's task ("the pretrained weights initialised the
    ViT, which was then trained to predict MGMT status")."""
    return any(r.has(i, "finetune", "weights_from") or said and not r.has(i, "selfsup") and r.has(i, "trained") and r.has(
        i, "classify", "survival", "regression") for i in net.sentences)


def _pools_instances(names: tuple[str, ...]) -> bool:
    """The network pools a bag's instances (attention MIL)."""
    term = vocab.lookup(names[0])
    return term is not None and term.name in vocab.INSTANCE_POOLING


def _one_network_of_instances(r: Reading, nets: list[Network]) -> tuple[list[Network], set[int]]:
    """The networks with the pooling of instances they are built with, as one network: an encoder of the instances
    named in a sentence of the pooling or next to one, and a classifier said with it ("a ResNet-50 encoded each tile,
    an attention module pooled the tile embeddings and a linear layer classified the slide"), learn together from
    the images to the output (METRICS-E3, Condition #5, Examples 3 and 4). An encoder kept frozen, or whose
    embeddings are taken out, stays a feature extraction (its embeddings are then the pooling's input). Returns the
    networks and the indices of those drafted as one."""
    out = list(nets)
    merging = True
    while merging:  # (each merge leaves one network fewer)
        merging = False
        for a, m in enumerate(out):
            if not _pools_instances(m.names) or len(m.names) > 1:
                continue
            parts = _parts_of_pooling(r, out, a)
            poolings = [out[b] for b in (a, *parts) if _pools_instances(out[b].names)]
            encoder = next((out[b].names[0] for b in parts if out[b].names[0] not in _HEADS and not _pools_instances(
                out[b].names)), None) or next((p.backbone for p in poolings if p.backbone), None)
            if not parts or encoder is None and len(poolings) == len(parts) + 1:
                continue  # nothing to join, or the pooling named twice and nothing else: left as it is
            sentences = sorted({i for b in (a, *parts) for i in out[b].sentences})
            first = min((out[b].first for b in (a, *parts)), key=lambda x: x.start)
            name = max(poolings, key=lambda p: len(_canonical(p.names[0]))).names  # "Attention MIL" over "MIL"
            one = Network(name, tuple(sentences), first, encoder)
            out = [one if k == a else n for k, n in enumerate(out) if k not in parts]
            merging = True
            break
    given = {id(n) for n in nets}  # (by identity: a look-up in the list for each network costs the square of them)
    return out, {k for k, n in enumerate(out) if id(n) not in given}


def _parts_of_pooling(r: Reading, nets: list[Network], a: int) -> list[int]:
    """The networks named with the pooling ``nets[a]`` (in its sentences or next to one) that are parts of it: the
    pooling said again, an encoder of the instances that is not frozen, a classifier."""
    m = nets[a]
    near = set(range(m.sentences[0] - 1, m.sentences[-1] + 2))
    together = trained_as_one(r)
    parts = []
    for b, n in enumerate(nets):
        term = vocab.lookup(n.names[0])
        if b == a or _self_supervised(n.names) or not set(n.sentences) & near or (
                term is not None and term.role != "model"):
            continue
        if _pools_instances(n.names):
            parts.append(b)  # the pooling said again ("a MIL framework ... a gated attention module")
            continue
        # a part by what the text says it does: it encodes the instances, it is the classifier in the pooling's
        # sentence, or the parts are trained together; not another network trained to the output on its own
        # ("we also trained a 3D DenseNet-121 on the whole volumes")
        said = any(_ENCODES.search(r.sentences[i].text) for i in n.sentences) or (
            n.names[0] in _HEADS and set(n.sentences) & set(m.sentences)) or together is not None and (
            together in near or together in n.sentences)
        if said and not _embeds_apart(r, n) and not _classified_apart(r, n, m):
            parts.append(b)  # (an encoder the slices are "encoded by" is the network's own)
    return parts


# what an encoder of instances is said to do or be
_ENCODES = re.compile(r"\b(?:encod\w*|embed\w*|backbones?|feature extractors?|instances?|bags?)\b"
                      r"|\b(?:each|every|per)\s+(?:tile|patch|slice|frame|image|instance)\b"
                      r"|\b(?:tile|patch|slice|frame|instance)[- ]level\b", re.I)


def _embeds_apart(r: Reading, n: Network) -> bool:
    """The network's embeddings are features of their own: it is frozen, or they are extracted and stored."""
    return any(r.has(i, "frozen") or _FIXED.search(r.sentences[i].text) for i in n.sentences) or (
        is_extractor(r, n) and any(_TAKEN_OUT.search(r.sentences[i].text) for i in n.sentences))


def _classified_apart(r: Reading, n: Network, pooling: Network) -> bool:
    """A sentence of the network, none of the pooling's, names a classical or statistical model ("the embeddings of
    the global average pooling layer of the DenseNet121 were classified by a logistic regression model"): its
    embeddings are that model's input, and it is no encoder of the pooling named next to it."""
    return any(i not in pooling.sentences and any(x.role == "model" and x.family in ("classical", "statistical")
                                                  for x in r.names(i, "term")) for i in n.sentences)


def _pools_embeddings(r: Reading, nets: list[Network], k: int) -> bool:
    """A pooling of instances named next to an encoder whose embeddings are features of their own is fed those
    features ("tile features were extracted with a frozen ResNet-50 and stored; CLAM was trained on them")."""
    m = nets[k]
    if not _pools_instances(m.names):
        return False
    near = set(range(m.sentences[0] - 1, m.sentences[-1] + 2))
    return any(b != k and set(n.sentences) & near and not _pools_instances(n.names) and _embeds_apart(r, n)
               for b, n in enumerate(nets))


_POOLS = re.compile(r"\b(?:pool\w*|weigh\w*|aggregat\w*|bags?|instances?)\b", re.I)
_TAKEN_OUT = re.compile(r"\b(?:extract\w*|cached|stored|saved|pre-?computed|once)\b", re.I)
_HEADS = ("MLP", "DNN")  # what a pooling's classifier is called when it is named as a network


def _pretrained_by(r: Reading, nets: list[Network]) -> tuple[dict[int, int], set[int]]:
    """network -> the self-supervised method's network that pretrained it: named in one of its sentences ("a
    ResNet-50 was pretrained with SimCLR"), or just before a network said to be fine-tuned ("Self-supervised
    pretraining (MoCo) was run on unlabelled scans. A DenseNet-121 initialised with these weights was fine-tuned");
    and the methods' networks that are only where another network's weights came from, pretrained by its makers
    ("a ViT-B pretrained with DINOv2 by Meta"): no stage of the study, as a data set pretrained on is none."""
    out: dict[int, int] = {}
    sources: set[int] = set()
    for a, m in enumerate(nets):
        if not _self_supervised(m.names):
            continue
        if m.backbone:
            # "DINO ... with a ViT-S backbone. The ViT-S was then fine-tuned": the backbone named again as a network
            # of its own is the network the method pretrained
            again = next((b for b, n in enumerate(nets) if b != a and b not in out and m.backbone in n.names and
                          n.sentences[0] > m.sentences[0] and _fine_tuned_later(r, n)), None)
            if again is not None:
                out[again] = a
            continue
        for b, n in enumerate(nets):
            if b == a or b in out or _self_supervised(n.names) or _pools_instances(n.names):
                continue
            shared = set(m.sentences) & set(n.sentences)
            said = [(i, x) for i in shared for x in r.names(i, "term") if x.value in m.names and _PRETRAINED_WITH.search(
                r.text, r.sentences[i].start, x.start)]
            if said and all(_ELSEWHERE.search(r.text, x.end, r.sentences[i].end) or ready_made(r, i) for i, x in said):
                sources.add(a)
                break
            if said:
                out[b] = a  # "a ViT-S was pretrained with DINO": the method pretrained it, whatever it is used as
                break
            if is_extractor(r, m) or any(r.has(i, "frozen") for i in m.sentences):
                continue  # (a frozen self-supervised network's embeddings are extracted: no pretraining of the study's)
            # the sentence naming both says the one is (pre)trained with the other; the later network is fine-tuned
            if (any(r.has(i, "pretrained", "selfsup", "trained") for i in shared) or not shared and 0 < n.sentences[0]
                    - m.sentences[-1] <= 2 and _fine_tuned_later(r, n) and not _weights_of_another_source(r, n)) \
                    and not is_extractor(r, n):
                out[b] = a
                break
    return out, sources


# a network said to be pretrained by a method named next ("pretrained with DINO", "pre-trained on the tiles by MoCo")
_PRETRAINED_WITH = re.compile(r"\bpre-?trained\s+(?:[\w,-]+\s+){0,6}?(?:with|by|using|via|through)\s+(?:the\s+|a\s+)?\Z",
                              re.I)


# a pretraining its makers ran, not the study ("pretrained with DINOv2 by Meta", "by its authors", "released")
_ELSEWHERE = re.compile(r"\bby\s+(?:(?:its|their|the)\s+(?:original\s+)?(?:authors|developers|creators|makers)\b|"
                        r"(?-i:[A-Z][a-z]+)\b)|\b(?:publicly\s+(?:available|released)|released|public\s+(?:weights|"
                        r"checkpoints?)|off-the-shelf)\b", re.I)


# a network's own pretraining said to be its makers' ("pretrained by its developers", "a publicly available
# checkpoint"), not the study's (a capitalised word after "by" may be the study's optimiser: "optimised by Adam")
_MAKERS_PRETRAINED = re.compile(r"\bby\s+(?:its|their|the)\s+(?:original\s+)?(?:authors|developers|creators|makers|"
                                r"vendors?|manufacturers?)\b|\b(?:publicly\s+(?:available|released)|released|public\s+"
                                r"(?:weights|checkpoints?)|off-the-shelf)\b", re.I)


def _pretraining_sentences(r: Reading, net: Network, taken: set[int]) -> list[int]:
    """The sentences of a self-supervised pretraining the network is fine-tuned after: its own sentences that say
    so (without labels, contrastive, masked image modelling), else one just before it that names no network."""
    # (not one its makers ran: "a foundation model pretrained by its developers with masked autoencoding", "publicly
    # available": where its weights came from, as a data set pretrained on is, no stage of the study)
    own = [i for i in net.sentences if r.has(i, "selfsup") and not _MAKERS_PRETRAINED.search(r.sentences[i].text)]
    if _self_supervised(net.names):  # its name says it: "a MoCo network with a ResNet-50 backbone"
        own = sorted({net.first.sentence, *own})
    if own:
        return own
    if not _fine_tuned_later(r, net) or _weights_of_another_source(r, net):
        return []
    first = net.sentences[0]
    # (a pretraining the study ran: "pretraining was performed", not "self-supervised learning has been used")
    return [i for i in range(max(0, first - 2), first) if i not in taken and r.has(i, "selfsup") and r.has(
        i, "pretrained", "trained") and not any(n.kind == "term" and n.family == "deep" for n in r.names(i, "term"))][-1:]


def _weights_of_another_source(r: Reading, net: Network) -> bool:
    """The network is said to start from weights learned elsewhere (ImageNet, a named data set)."""
    return any(r.has(i, "pretrained_on") or "ImageNet" in r.sentences[i].text for i in net.sentences)


# a model made by others (a maker, a vendor, a product released or published): not the study's own
_OTHERS_MADE = re.compile(r"\b(?:commercial\w*|vendor'?s?|manufacturer'?s?|CE[- ]?mark\w*|FDA|licen[cs]ed|"
                          r"previously\s+(?:published|trained|developed|validated)|publicly\s+available|open[- ]source|"
                          r"third[- ]party)\b", re.I)
# what a model gives ("gave an abnormality score for each patient"), and a later sentence taking it ("a logistic
# regression combined the score with age")
_GIVES = re.compile(r"\b(?:gave|gives|produced|produces|generated|generates|output|outputs|returned|returns|assigned|"
                    r"assigns|provided|provides|yielded|yields)\s+(?:(?:an?|the|one|each)\s+)?(?:[\w-]+\s+){0,2}?"
                    r"(?P<what>score|probability|output|prediction)s?\b", re.I)


def _output_taken(r: Reading, unnamed: list[int]) -> bool:
    """Whether a sentence after the AI model's naming a classical model takes what the AI model gives ("An in-house
    AI model gave an abnormality score for each patient. A logistic regression combined the score with age")."""
    given = {m.group("what").lower() for i in unnamed for m in _GIVES.finditer(r.sentences[i].text)}
    if not given:
        return False
    taken = re.compile(r"\b(?:the|its|this|that|these|their)\s+(?:[\w-]+\s+)?(?:" + "|".join(sorted(given)) + r")s?\b",
                       re.I)
    return any(j not in unnamed and any(n.role == "model" and n.family in ("classical", "statistical")
                                        for n in r.names(j, "term")) and taken.search(r.sentences[j].text)
               for j in range(min(unnamed), len(r.sentences)))


_MACHINE_LEARNING = re.compile(r"(?:machine[- ]learning|ML)\b", re.I)


def _deep_stages(r: Reading, g: _Graph, skip: set[int], classical: bool = False,
                 tables: bool = False) -> tuple[list[_Stage], list[_Stage], list[_Stage], list[_Stage]]:
    """(deep feature extractions, networks fed images, networks fed features, self-supervised pretrainings: models
    whose only output is the weights a fine-tuned network starts from). ``classical``: the text names a classical
    model; ``tables``: it extracts hand-crafted features or readers rate features."""
    extractors: list[_Stage] = []
    on_images: list[_Stage] = []
    on_tables: list[_Stage] = []
    pretrainers: list[_Stage] = []
    weights: list[tuple[_Stage, _Stage]] = []  # (fine-tuned network, the pretraining it takes its weights from)
    headed: set[int] = set()  # sentences of a network with a head of its own
    nets, whole = _one_network_of_instances(r, networks(r, skip))
    pretrained_by, sources = _pretrained_by(r, nets)
    by_method: dict[int, _Stage] = {}
    for a in sorted(set(pretrained_by.values())):
        # the method's network: a pretraining of the network it pretrained (SimCLR { backbone: ResNet-50 })
        m = nets[a]
        pre = _Stage("ssl", "model", value(m.names[0]))
        pre.block["backbone"] = value(nets[next(b for b, x in pretrained_by.items() if x == a)].names[0])
        pre.block["training"] = "self_supervised"
        for i in m.sentences:
            if i == m.first.sentence or not r.has(i, "finetune"):  # (the fine-tuning is the other network's)
                pre.cite(i, m.first if m.first.sentence == i else None)
        by_method[a] = pre
    all_sentences = {i for net in nets for i in net.sentences}
    for k, net in enumerate(nets):
        if k in sources:
            continue  # where another network's weights came from
        if k in by_method:
            if by_method[k] not in pretrainers:
                pretrainers.append(g.add(by_method[k]) or by_method[k])
            continue
        facts = training_facts(r, net.sentences)
        own_head = has_own_head(r, net)
        if own_head:  # "a fixed feature extractor followed by trainable fully connected layers": one network
            if any(r.has(i, "frozen") or _FIXED.search(r.sentences[i].text) for i in net.sentences):
                facts["training"] = "frozen_backbone"  # its base kept as it was, its head trained
            headed.update(net.sentences)
        elif keeps_its_features(r, net):  # ("class activation maps were computed from its last layer")
            headed.update(net.sentences)
        # (features said to be taken out of the method that pretrained a network are taken out of that network)
        if k not in whole and (is_extractor(r, net) or k in pretrained_by and is_extractor(
                r, nets[pretrained_by[k]])) and not own_head:
            st = _Stage("dl", "feature_extraction", "deep " + value(net.names[0]))
            trainings = [t.strip() for t in facts.pop("training", "").strip("[]").split(",") if t.strip()]
            if _self_supervised(net.names) and "self_supervised" not in trainings and any(
                    r.has(i, "trained") and not ready_made(r, i) and not any(
                        x.role == "model" and x.value not in net.names for x in r.names(i, "term"))
                    for i in net.sentences):
                trainings.insert(0, "self_supervised")  # "a SimCLR network was trained on unlabelled slices"
            if "self_supervised" in trainings:
                facts["training"] = "self_supervised"  # taught without labels in the study, then used as it is
            elif trainings:  # one regime for an extraction: frozen (used as it is) unless fine-tuned first
                facts["training"] = ("pretrained_only" if "frozen_backbone" in trainings and
                                     "fine_tuned" not in trainings else trainings[0])
            if k in pretrained_by:  # an extraction from a network the study pretrained without labels
                pre = by_method[pretrained_by[k]]
                if facts.get("training") == "self_supervised":
                    facts.pop("training")  # (the pretraining's, not the extraction's)
                weights.append((st, pre))
                if pre not in pretrainers:
                    pretrainers.append(g.add(pre) or pre)
            st.block.update(facts)
            extractors.append(st)
        else:
            st = _Stage("net", "model")
            if len(net.names) == 1:
                st.head = value(net.names[0])
            else:
                st.block["architecture"] = value_list(net.names)
            if net.backbone:
                st.block["backbone"] = value(net.backbone)
            own = tasks(r, net.sentences)
            if makes_images(r, net):
                own = ["image_to_image"]  # "denoised using a CNN trained on paired scans": it makes the images
            elif any(_BOXES_IT_GIVES.search(r.sentences[i].text) for i in (*net.sentences, net.sentences[-1] + 1)
                     if i < len(r.sentences) and not any(n.family == "deep" and n.value not in net.names
                                                         for n in r.names(i, "term"))):
                own = ["detection"]  # "the detection boxes it overlays were captured": it finds and boxes what it finds
            # (or the next sentences, naming no network, describe its segmentation head: "two task-specific heads.
            # ... The segmentation head is a U-shaped decoder")
            near = range(net.sentences[-1] + 1, min(len(r.sentences), net.sentences[-1] + 3))
            # (or a sentence among or just after its own, naming no network, gives it a part that outputs masks beside
            # one that classifies: "A 16-frame clip enters a 3D encoder (R(2+1)D-18). A decoder with skip connections
            # outputs a plaque mask ..., and a classification head ... outputs the probability")
            parts = range(net.sentences[0] + 1, min(len(r.sentences), net.sentences[-1] + 3))
            # (a mask the network is given is no task of its: "two branches ...; the image branch receives a crop
            # taken from the segmentation")
            if any(r.has(i, "multitask") for i in net.sentences) and any(segments_itself(r, i) for i in net.sentences) \
                    or any(head_segments(r, i) for i in net.sentences) or any(several_heads(r, i) for i in net.sentences) \
                    and any(head_segments(r, j) and not any(n.family == "deep" for n in r.names(j, "term")) for j in near) \
                    or any(j not in net.sentences and head_segments(r, j) and any(several_heads(r, k) for k in (
                        j - 1, j, j + 1) if 0 <= k < len(r.sentences)) and not any(
                        n.family == "deep" for n in r.names(j, "term")) for j in parts):
                st.block["task"] = value_list(["segmentation", *(own or ["classification"])])
            elif len(own) == 1:
                st.block["task"] = own[0]
            pretraining = _pretraining(r, net, st, facts, by_method.get(pretrained_by.get(k, -1)), all_sentences)
            st.block.update(facts)
            st.reads_text = reads_text(net)
            fed = k not in whole and (fed_features(r, net) or _pools_embeddings(r, nets, k))
            (on_tables if fed else on_images).append(st)
            st.images_too = fed and given_images_too(r, net)
            if pretraining is not None:
                weights.append((st, pretraining))
                if pretraining not in pretrainers:
                    pretrainers.append(g.add(pretraining) or pretraining)
        for i in net.sentences:
            # a later sentence of the network is quoted around what it says of the training ("all its layers were
            # frozen", "fine-tuned on the training crops")
            said = [c for cue in ("frozen", "finetune", "scratch", "trained", "selfsup") for c in r.cues(i, cue)]
            if st.kind == "model" and any(p is st for p, _ in weights) and r.has(i, "selfsup") and not r.has(
                    i, "finetune") and len(net.sentences) > 1 and i != net.first.sentence:
                continue  # the pretraining's sentence is the pretraining's evidence
            st.cite(i, net.first if net.first.sentence == i else min(said, key=lambda c: c.start) if said else None)
        g.add(st)
    for p in products(r):
        if p.role != "predict":
            continue
        # a commercial AI product applied to the images: a ready-made network, as supplied
        st = _Stage("product", "model", value(p.name))
        if p.deep:
            st.block["family"] = "deep"
        own = tasks(r, p.sentences)
        if any(product_marks(r, i) for i in p.sentences):
            own = ["detection"]  # "it returns the location of every suspected nodule as a bounding box": it detects
        if len(own) == 1:
            st.block["task"] = own[0]
        st.block["training"] = "pretrained_only"
        st.cite(p.sentences[0], Mention("term", p.name, p.start, p.end, p.sentences[0]))
        st.cite_all(p.sentences[1:])
        g.add(st)
        on_images.append(st)
    for tuned, pre in weights:
        tuned.block["weights_from"] = pre.name  # (the names are final once every stage is added)
    named_extractor = bool(extractors)
    for i in range(len(r.sentences)):  # (embeddings of an encoder trained with the parts that predict are its own)
        if r.has(i, "deep_feat") and (r.has(i, "extract", "deep_extract") or _STORED.search(r.sentences[i].text)) \
                and not named_extractor and i not in headed \
                and not learned_with_output(r, i):
            if not extractors:
                extractors.append(g.add(_Stage("dl", "feature_extraction", "deep")) or _Stage("dl", ""))
            extractors[0].cite(i, r.cues(i, "deep_feat")[0])
    if extractors and not on_images and not on_tables:
        # embeddings pooled by attention that the text describes without naming the pooling ("an attention module and
        # a classifier were trained jointly on the bags of slice embeddings"): the pooling network takes them
        # (not where a classical model named with it classifies: "an attention layer weighted the slices and a
        # random forest classified the patients")
        pooled = [i for i in r.with_cue("attention_pool") if r.has(i, "trained", "classify") and _POOLS.search(
            r.sentences[i].text) and not any(n.role == "model" and n.family in ("classical", "statistical")
                                             for n in r.names(i, "term"))]
        if pooled:
            st = _Stage("mil", "model", value("Attention MIL"))
            own = tasks(r, pooled)
            if len(own) == 1:
                st.block["task"] = own[0]
            for i in pooled:
                st.cite(i, r.cues(i, "attention_pool")[0])
            g.add(st)
            on_tables.append(st)
    named_products = product_sentences(r)  # a product's kind said beside its name ("qXR, a deep learning software")
    if not on_images and not on_tables and not extractors:
        # a model named only by its kind: deep learning (family deep) or "an AI model" (family unstated)
        for cue, family in (("deep_model", "deep"), ("ai_model", "")):
            unnamed = [i for i in r.with_cue(cue) if (r.has(i, "trained", "classify", "model_cue", "regression")
                                                      or ready_made(r, i)
                                                      # "a dual-branch 3D network received the PET and CT crops"
                                                      or cue == "deep_model" and r.has(i, "feeds") and (r.has(
                                                          i, "images", "crops") or bool(r.names(i, "modality"))))
                       and not (i in skip and _delineating_agent(r, i, cue)) and i not in named_products
                       # "a machine learning model (random forest)": the kind of a model the sentence names
                       and not any(n.kind == "term" and n.role == "model" for n in r.names(i, "term"))
                       # "the machine-learning classifier is listed in Table 2": the classical model the text names
                       # elsewhere, not one more of unstated family
                       and not (classical and cue == "ai_model" and all(
                           _MACHINE_LEARNING.match(r.text, c.start) for c in r.cues(i, cue)))]
            if not unnamed:
                continue
            if cue == "ai_model" and classical and not nets and any(
                    r.has(i, "trained") and not r.has(i, "pretrained") for i in unnamed) and not any(
                    _OTHERS_MADE.search(r.sentences[i].text) for i in unnamed) and not unnamed_given_images(r, unnamed) \
                    and not _output_taken(r, unnamed):
                # "Our artificial intelligence (AI) model was developed ... entered into a multivariable logistic
                # regression": with no network named, no product and no images it is said to read, the AI model the
                # study develops is the classical model the text names, not one more model of unstated family
                # (one "trained on the radiographs" reads images, and one whose score the classical model combines
                # with other variables gives it that score: a model of its own)
                continue
            st = _Stage("net" if family else "ai", "model")
            if family:
                st.block["family"] = family
            st.block.update(training_facts(r, unnamed))
            own = tasks(r, unnamed)
            if family and any(said_to_make_images(r, i, c.start, c.end) for i in unnamed for c in r.cues(i, cue)):
                own = ["image_to_image"]  # "a deep learning model was trained to reconstruct undersampled MRI"
            if len(own) == 1:
                st.block["task"] = own[0]
            for i in unnamed:
                st.cite(i, r.cues(i, cue)[0])
            g.add(st)
            # ("Several machine learning classifiers were trained on the selected radiomic features": the table; so is
            # a model of unstated kind in a text that extracts features and gives it no images: "Three machine-learning
            # classifiers were constructed")
            fed = unnamed_fed_features(r, unnamed) or tables and not family and not unnamed_given_images(r, unnamed)
            (on_tables if fed else on_images).append(st)
            break
    return extractors, on_images, on_tables, pretrainers


# a network's values kept for each case ("for each cube, the 512-dimensional pooled output of the last stage was
# stored"): taken out of it, as extracted ones are
# scores people give, averaged ("the two readers' scores were averaged", "image quality scores were averaged across
# readers"): the readers' ratings combined, no model's predictions
_RATERS = r"(?:readers?|raters?|observers?|radiologists?|annotators?|experts?)"
_RATERS_BEFORE = re.compile(r"(?:\b" + _RATERS + r"'?s?'?|\bquality)\s*\Z", re.I)
_RATERS_AFTER = re.compile(r"\s*(?:across|between|over|of|from)\s+(?:the\s+)?(?:[\w-]+\s+)?" + _RATERS + r"\b", re.I)


def _readers_scores(r: Reading, i: int) -> bool:
    """Whether every averaging sentence ``i`` states combines the scores people gave, not a model's outputs."""
    s = r.sentences[i]
    cues = r.cues(i, "aggregate")
    return bool(cues) and all(
        r.text[c.start:c.end].lower().startswith("score") and (
            _RATERS_BEFORE.search(r.text, max(s.start, c.start - 30), c.start) is not None
            or _RATERS_AFTER.match(r.text, c.end, s.end) is not None)
        for c in cues)


_STORED = re.compile(r"\b(?:was|were|is|are|(?:had|have|has)\s+been)\s+(?:then\s+)?(?:stored|saved|kept|retained|exported|"
                     r"cached|recorded)\b", re.I)


def _pretraining(r: Reading, net: Network, st: _Stage, facts: dict[str, str], method: _Stage | None,
                 taken: set[int]) -> _Stage | None:
    """The self-supervised pretraining a network drafted as a model is fine-tuned after, as a stage of its own
    (``method``: the one a method's name already made), and the network's own training without it. A network
    pretrained without labels and then fine-tuned is two steps: the pretraining passes only weights on
    (``weights_from``) and the fine-tuned network learns from the images to the output."""
    trainings = [t.strip() for t in facts.get("training", "").strip("[]").split(",") if t.strip()]
    if method is None:
        unlabelled = "self_supervised" in trainings
        if not (unlabelled and "fine_tuned" in trainings or _fine_tuned_later(r, net, unlabelled)):
            return None
        said = _pretraining_sentences(r, net, taken - set(net.sentences))
        if not said:
            if unlabelled and not any(r.has(i, "selfsup") and not _MAKERS_PRETRAINED.search(r.sentences[i].text)
                                      for i in net.sentences):
                # pretrained without labels by its makers, then trained here: the study's training is the rest
                rest = [t for t in trainings if t != "self_supervised"]
                if rest:
                    facts["training"] = value_list(rest)
            return None
        method = _Stage("ssl", "model", st.head)
        if "architecture" in st.block:
            method.block["architecture"] = st.block["architecture"]
        if _self_supervised(net.names) and net.backbone:
            # "SimCLR with a ResNet-18 backbone, then fine-tuned": the method pretrains, the backbone is fine-tuned
            method.block["backbone"] = st.block.pop("backbone")
            st.head = method.block["backbone"]
        method.block["training"] = "self_supervised"
        for i in said:
            method.cite(i, _first(r.cues(i, "selfsup")))
    rest = [t for t in trainings if t != "self_supervised"] or (["fine_tuned"] if _fine_tuned_later(
        r, net, True) else [])
    if rest:
        facts["training"] = value_list(rest)
    else:
        facts.pop("training", None)
    return method


# the boxes a network gives round what it found ("the detection boxes it overlays", "its predicted bounding boxes")
_BOXES_IT_GIVES = re.compile(r"\b(?:detection|predicted|output)\s+(?:bounding\s+)?box(?:es)?\b|\bbox(?:es)?\s+(?:that\s+|"
                             r"which\s+)?(?:it|the\s+(?:system|device|network|model|software|detector))\s+(?:overlays|"
                             r"draws|outputs|returns|places|displays|predicts|produces)\b", re.I)
_SEG_ARGS = re.compile(r"^(?P<op>segmentation|bounding_box)\((?P<args>[^()]*)\)$")


def _ready_made_delineation_only(found: Delineation) -> Delineation:
    """A delineation a ready-made deep network makes on its own (a vendor's auto-contouring product, a released
    segmentation network used as supplied), where the text states nothing else: the study's method is that network
    and its result is the study's output, so it is drafted as the network (``training: pretrained_only``), as a
    study of the images such a network forms is drafted as those images. Else ``found`` as it is."""
    st = found.stage
    m = _SEG_ARGS.match(st.head) if st is not None else None
    if st is None or m is None:
        return found
    args = dict(a.split(": ", 1) for a in m.group("args").split(", ") if ": " in a)
    tool = args.get("tool", "")
    term = vocab.lookup(tool) if tool and tool != "DNN" else None
    deep = tool == "DNN" or args.get("family") == "deep" or term is not None and term.family == "deep"
    if args.get("mode") != "automated" or not deep:
        return found
    st.kind = "model"
    st.head = "" if tool == "DNN" else tool
    if term is None:
        st.block["family"] = "deep"
    st.block["task"] = "detection" if m.group("op") == "bounding_box" else "segmentation"
    st.block["training"] = "pretrained_only"
    if "corrected" in args:
        st.block["corrected"] = args["corrected"]
    return found._replace(model=True)


def draft_stages(r: Reading) -> Drafted:
    """Every stage the text states, and the flow between them."""
    g = _Graph(r)
    inputs = [s for s in (g.add(st) for st in image_inputs(r)) if s is not None]
    clin = clinical_input(r)
    prep = image_preprocessing(r)
    found = delineation(r)
    seg_sentences = set(found.stage.sentences) if found and found.stage else set()
    rad = handcrafted(r)
    # hand-crafted features the study was given computed (a released table; no images to compute them from): an input
    # table of radiomic features, not an extraction the study ran on images (the delineation behind it unstated)
    given = None
    supplied = features_supplied(r) if found is None or found.stage is None else None
    if supplied is not None and (rad is not None or r.has(supplied, "radiomic")):
        given = _Stage("feats", "input", "tabular radiomics")
        given.cite(supplied)
        given.cite_all(list(rad.sentences)[:2] if rad is not None else [])
        rad = None
    sem = semantic(r)
    models, selection_terms, nomogram_sentences = classical_models(r)
    whole_rad = _table_beside_maps(r, rad, models)
    sel, _ = processing(r, selection_terms)
    g.add(clin)
    g.add(given)
    g.add(prep)
    labels = found.labels if found is not None else None
    if found is not None and found.stage is not None:
        partition = habitats(r) if not found.model else None
        if partition is not None:  # the region's voxels clustered into habitats, which the features are taken from
            found.stage.head += f", {partition[1]}"
            found.stage.cite(partition[0], _first(r.cues(partition[0], "cluster")))
        g.add(found.stage)
    beside = [b for b in (g.add(st) for st in found.beside) if b is not None] if found is not None else []
    g.add(rad)
    g.add(whole_rad)
    g.add(sem)
    # (a nomogram is a classical model too: "a machine-learning model ... (Table 2)" with the table's row "Algorithm |
    # Nomogram" is that nomogram, not one more model of unstated family)
    extractors, on_images, on_tables, pretrainers = _deep_stages(r, g, seg_sentences, bool(models or nomogram_sentences),
                                                                 rad is not None or sem is not None)
    if found is not None and found.stage is not None and not found.model and "mode:" not in found.stage.head and any(
            "segmentation" in m.block.get("task", "") for m in on_images):
        g.stages.remove(found.stage)  # the delineation is the multi-task network's own (its segmentation head)
        found = found._replace(stage=None)
    elif found is not None and found.stage is not None and not found.model and found.labels is None and any(
            "segmentation" in m.block.get("task", "") for m in on_images) and any(
            r.has(i, "labels") for i in found.stage.sentences):
        # the readers' outlines a multi-task network segments after ("These outlines served as training targets"):
        # its labels, not a step its images pass through
        g.stages.remove(found.stage)
        found = found._replace(stage=None, labels=_training_labels(r, sorted(found.stage.sentences)))
        labels = found.labels
    g.add(sel)
    clf = None
    if models:
        names = [m.value for m in models]
        clf = _Stage("clf", "model")
        if len(set(names)) == 1:
            clf.head = value(names[0])
            if vocab.lookup(names[0]) is None:  # a clustering named by no algorithm of the vocabulary ("consensus
                # clustering"): classical, and its task said, as the check needs it to know what the model does
                clf.head = f"classical {clf.head}"
                clf.block["task"] = "clustering"
        else:
            clf.block["algorithm"] = value_list(names)
        for m in models:
            clf.cite(m.sentence, m)
        g.add(clf)
    nomogram = None
    if nomogram_sentences:
        nomogram = _Stage("nomogram", "model", "nomogram")
        for i in nomogram_sentences:  # a long sentence quoted around the word that names it
            nomogram.cite(i, _first(r.cues(i, "nomogram")))
        g.add(nomogram)
    teacher = _distillation(r, on_images + on_tables)
    # networks that make the images the rest of the pipeline reads (denoising, synthesis): in the image chain
    makers = [m for m in on_images if m.block.get("task") == "image_to_image"]
    # language models read the reports' text: an input of its own, not the images
    readers_of_text = [m for m in on_images if m.reads_text]
    on_images = [m for m in on_images if m not in makers and m not in readers_of_text]
    deep_models = [m for m in on_images + on_tables + readers_of_text if m is not teacher]
    if clf is None and nomogram is None and not on_tables and not makers and (
            rad or whole_rad or extractors or sem or given or clin and deep_models):
        # features and no model named by its algorithm takes them: the model the text names by what it is ("a
        # classifier was built using the selected features"), its algorithm left unstated; beside a network on the
        # images, only one said to be built from features, in a sentence not the network's ("In parallel, a
        # radiomics model was built from PyRadiomics features") or from its output ("its predicted probability was used
        # by a classifier together with age")
        taken = {i for m in deep_models for i in m.sentences}
        clf = g.add(_generic_model(r, seg_sentences, product_sentences(r) | taken,
                                   {x.head.removeprefix("deep ") for x in extractors}, from_features=bool(deep_models),
                                   named=bool(deep_models) or found is not None and found.model))
    # images formed or cleaned by a ready-made network (a vendor's deep-learning reconstruction or denoising) and
    # nothing else: the study's method is the images that network makes, compared as images
    formed = prep is not None and not (rad or whole_rad or extractors or sem or found and found.stage) and any(
        "family: deep" in op or m is not None and m.family == "deep" for _, _, op, m in prepared_by(r))
    if found is not None and found.stage is not None and not found.model and not (
            deep_models or extractors or rad or whole_rad or sem or clf or nomogram or makers or given or formed):
        found = _ready_made_delineation_only(found)
    if not (deep_models or extractors or rad or clf or nomogram or found and found.model or makers or given or formed):
        return Drafted([], [])
    # the readers' delineations a network learns from: the delineating network's, else a deep model's on images
    learner = found.stage if found is not None and found.model else next(iter(on_images), None)
    if labels is not None and learner is not None:
        g.add(labels)
        learner.block["labels_from"] = labels.name
    # images: inputs -> pre-processing -> delineation
    segnet = found.stage if found is not None and found.model else None
    segop = found.stage if found is not None and not found.model and found.stage is not None else None
    table_fed_only = (clin is not None or given is not None) and not (segop or segnet or rad or extractors or on_images or
                                                                       prep or sem)
    # only language models on reports: no images are read ("reports of CT examinations" names their source)
    text_only = bool(readers_of_text) and not (segop or segnet or rad or extractors or on_images or on_tables or
                                               makers or sem or models)
    if text_only or given is not None and table_fed_only and not makers:
        # (a table given computed, and nothing that reads images: the modality named is where the features came from)
        for image_input in inputs:
            g.stages.remove(image_input)
        inputs = []
    if not inputs and not table_fed_only and not text_only:
        # the language needs a data type: the stated dimensionality, else 2D images (a note says so)
        stated = _form_stated(r)
        images = _Stage("images", "input", stated[0] if stated else "image2d")
        if stated is None:
            r.notes.append(Note("no modality or dimensionality stated: the input is drafted as 2D images "
                                "(image2d); correct its modality and data type"))
        else:
            images.cite(stated[1])
        first = r.with_cue("images")[:1]
        if first:
            images.cite(first[0], r.cues(first[0], "images")[0])
        else:
            images.inferred = True
            consumer = next(s for s in g.stages if s.sentences)
            images.cite_all(list(consumer.sentences)[:1])
        g.stages.insert(0, images)
        inputs = [images]
    chain = inputs
    if prep is not None:
        g.link(chain, prep)
        chain = [prep]
    if makers:
        for maker in makers:
            g.link(chain, maker)
        chain = makers
    whole = chain  # images before the delineation
    if segop is not None:
        g.link(chain, segop)
        chain = [segop]
    if segnet is not None:
        located = g.add(found.located) if found is not None else None
        if located is not None:  # a person placed the crop the network is given: it reads the crop
            g.link(chain, located)
            g.link([located], segnet)
        else:
            g.link(chain, segnet)
    if sem is not None and not (clf or nomogram or on_tables):
        g.stages.remove(sem)  # readers' ratings no model takes are a reading of the images, not a pipeline's table
        sem = None
    if sem is not None:
        g.link(whole, sem)  # readers rate what they see on the images
    for b in beside:  # the readers' own delineation, or a ready-made tool's, beside the network's
        g.link(whole, b)
    for st in (rad, whole_rad, *extractors):
        if st is not None:
            g.link(chain, st)
            if segnet is not None:
                g.link([segnet], st)
            if beside:
                g.link(beside, st)
    # a network that classifies what a trained detector found ("classified each mass", "the detected regions were
    # cropped and passed to ...") takes the detector's regions, cut out of the images, not the whole images
    crop = None
    takers = [st for st in on_images if segnet is not None and segnet.block.get("task") == "detection" and any(
        _FINDINGS.search(r.sentences[i].text) for i in st.sentences)]
    if takers and segnet is not None:
        crop = g.add(_Stage("crop", "preprocessing", "roi_crop(mode: automated)"))
        if crop is not None:
            crop.cite_all(i for st in takers for i in st.sentences if _FINDINGS.search(r.sentences[i].text))
            g.link([segnet], crop)
            g.link(chain, crop)
    if readers_of_text:
        reports = g.add(_Stage("reports", "input", "text"))
        if reports is not None:
            for reader in readers_of_text:
                reports.cite_all(list(reader.sentences)[:1])
                g.link([reports], reader)
    # a delineation nothing else takes (no features are extracted from it) is there for the networks on images: the
    # region they are given, or cut to ("a radiologist drew a box around each nodule ... EfficientNet-B0 was
    # fine-tuned"), not a step whose masks go nowhere
    unused = segop is not None and not any(a is segop for a, _ in g.edges) and crop is None
    # so is the readers' own delineation beside a segmentation network, for a network given the readers' regions
    # ("trained on the CT images cropped to the ROIs"), not the network's ("cropped around each predicted mask")
    untaken = [b for b in beside if not any(a is b for a, _ in g.edges)]
    readers = [b for b in untaken if "mode: automated" not in b.head] or untaken
    for st in on_images:
        # a network given the region (or crops of it) takes the delineation's output, not the whole images
        roi = unused or any(r.has(i, "segment", "roi_crop", "bbox") or r.has(i, "crops") and not r.has(
            i, "random_crop") for i in st.sentences)
        if readers and roi and not any(_PREDICTED_REGION.search(r.sentences[i].text) for i in st.sentences):
            g.link(readers, st)
            continue
        g.link([crop] if crop is not None and st in takers else chain if roi or segop is None else whole, st)
    for st in pretrainers:
        g.link(whole, st)  # a pretraining without labels reads the images; its weights, not its outputs, go on
    tables = [st for st in (rad, whole_rad, *extractors, sem, given) if st is not None]
    if sel is not None and sel.head == "fuse" and len(tables) + (clin is not None) < 2:
        g.stages.remove(sel)  # nothing to fuse: the combination was of something else (a side input)
        sel = None
    table_head = tables
    # voxel-wise feature maps are images: no selection or reduction of a table takes them, the model beside it does
    maps = [st for st in tables if st.block.get("produces") == "maps"] if sel is not None or whole_rad else []
    selected = [st for st in tables if st not in maps]
    if sel is not None and selected:
        g.link(selected, sel)
        table_head = [sel, *maps]
    elif sel is not None and clin is not None:
        g.link([clin], sel)
        table_head = [sel, *maps]
    elif sel is not None:  # feature processing with no table to work on: nothing it can be drawn from
        g.stages.remove(sel)
        sel = None
    # a network's output entered into the model of the clinical factors ("the DL score was entered with age into a
    # logistic regression", "its sigmoid output was entered together with clinical variables into a nomogram"): the
    # network feeds that model, it is not an output of its own
    scored = _score_into(r, [m for m in on_images if m.block.get("task") != "segmentation"], clf or nomogram)
    if scored is not None and (clf or nomogram) is not None:
        g.link([scored], clf or nomogram)
    for st in on_tables:
        # (where a classical model takes the whole-region table beside the maps, a network on features takes the maps)
        # (a network on the clinical variables alone takes them, not the images)
        g.link(maps if whole_rad is not None and maps else table_head or ([clin] if clin is not None else chain), st)
        if st.images_too and table_head:
            g.link(chain, st)  # and the images it is said to be given too
    if clf is not None:
        if table_head:
            g.link([st for st in table_head if st.block.get("produces") != "maps"] or table_head
                   if whole_rad is not None else table_head, clf)
        elif clin is None and scored is None:  # (a model given a network's output reads no images)
            g.link(chain, clf)
    if nomogram is not None:
        g.link([clf] if clf is not None else table_head, nomogram)
    if clin is not None:
        target = nomogram or clf or (deep_models[0] if deep_models else None)
        if target is not None:
            g.link([clin], target)
        elif sel is None:
            g.stages.remove(clin)
    # features no model takes, where the one network on the images is said to be given features too ("trained on the
    # feature maps together with the CT images", "a branch applied to the selected radiomic features"): it takes them
    # beside the images, as a hybrid network does
    hanging = [st for st in table_head if not any(a is st for a, _ in g.edges)]
    classifying = [m for m in on_images if not _makes_masks(m)]
    if hanging and len(classifying) == 1 and any(_FED_FEATURES.search(r.sentences[i].text) for i in r.with_cue(
            "features", "radiomic", "feature_maps", "deep_feat")):
        g.link(hanging, classifying[0])
    fed = {b.name for _, b in g.edges}
    for st in (*deep_models, *extractors, rad, clf, nomogram, segop, segnet):
        if st is not None and st.name not in fed:  # every stage gets its data: the types decide from where
            tables_in = table_head or ([clin] if clin is not None and st.kind == "model" else [])
            g.link(tables_in if st.kind == "model" and tables_in and st not in on_images else chain or inputs, st)
    # a stage that takes images and is still given none (no image input was stated): the images it must read, as
    # the language needs a source for it (inferred, and the note says so)
    fed = {b.name for _, b in g.edges}
    unfed = [st for st in g.stages if st.kind in ("feature_extraction", "preprocessing") and st.name not in fed
             and st is not sel]
    if unfed and not inputs:
        stated = _form_stated(r)
        images = _Stage("images", "input", stated[0] if stated else "image2d")
        images.inferred = True
        images.cite_all(list(unfed[0].sentences)[:1])
        g.stages.insert(0, images)
        inputs = [images]
        r.notes.append(Note("no image input is stated: the input is drafted as images; correct its modality and "
                            "data type"))
    for st in unfed:
        g.link(inputs, st)
    finals = [st for st in (*deep_models, clf, nomogram) if st is not None and st is not scored]
    if segnet is not None and not any(a is segnet for a, _ in g.edges):
        finals.append(segnet)
    # images a network makes that no stage of the pipeline takes (a reconstruction whose images readers rate): the
    # images are its output
    finals += [m for m in makers if not any(a is m for a, _ in g.edges)]
    described = [(st, _own_tasks(r, st)) for st in finals]
    outs, feeds = outputs(r, described)
    for o in outs:
        g.add(o)
    # predictions combined after the models (averaged slice outputs, late fusion): post-processing before the output
    aggregated = [i for i in r.with_cue("aggregate") if not _readers_scores(r, i)]
    posts: dict[bool, _Stage] = {}  # masks and values are combined apart: one stage may not take images and tables

    def post_for(masks: bool) -> _Stage:
        if masks not in posts:
            post = posts[masks] = _Stage("post" if not posts else "post2", "preprocessing",
                                         value("prediction averaging"))
            for i in aggregated:
                post.cite(i, r.cues(i, "aggregate")[0])
            g.add(post)
        return posts[masks]

    for st, own in described:
        for task in own or [""]:
            target = feeds.get(st.name + "\x00" + task) or feeds.get(st.name)
            if aggregated and target is not None:
                post = post_for(target.head in _MASKS or _makes_masks(st))
                g.link([st], post)
                g.link([post], target)
            else:
                g.link([st], target)
    return g.records()


# a region a network made ("cropped around each predicted mask", "the automatic segmentations")
_PREDICTED_REGION = re.compile(r"\b(?:predicted|automatic(?:ally)?|automated|network'?s?|generated|detected|output)\s+"
                               r"(?:[\w-]+\s+)?(?:masks?|contours?|segmentations?|regions?|boxe?s?|ROIs?|VOIs?)\b", re.I)


# tasks whose predictions are masks or images, not values: the check's delineating tasks and image-to-image
_MASKS = (*DELINEATING_TASKS, "image_to_image")


def _generic_model(r: Reading, delineating: set[int], skip: set[int], sources: set[str],
                   from_features: bool = False, named: bool = False) -> _Stage | None:
    """The model the study builds, named only by what it is ("A classifier was built using the selected features",
    "the predictive model was constructed", "a radiomics signature was developed"): a model whose algorithm is left
    unstated, as nothing names it. Not in a sentence that names a model by its algorithm, where the noun is that
    model's (``sources``: the networks features are taken from, named as no model); not a noun negated ("no
    predictive model was built"); not a delineating network's or a statistical analysis's. ``from_features``: only
    where the sentence says the model is built from features or from a network's output. ``named``: a model is
    already drafted ("the model" alone is that one)."""
    said: list[tuple[int, Mention | None]] = []
    for i in r.with_cue("model_cue"):
        methods = {(n.start, n.end) for n in r.names(i, "method")}  # (a selection method: "LASSO selected ...")
        if i in skip or any(n.role == "model" and (n.start, n.end) not in methods and value(n.value) not in sources
                            for n in r.names(i, "term")):
            continue
        s = r.sentences[i]
        if from_features and not (r.has(i, "features", "radiomic", "deep_feat") and _FED_FEATURES.search(s.text)
                                  or _NETWORK_OUTPUT.search(s.text)):
            continue
        for at, begins in generic_models(r, i, named):
            if i in delineating and _AGENT_OF_DELINEATION.search(r.text[max(s.start, begins - 90):begins]):
                continue  # (the model that delineates: "segmented automatically with a model trained ...")
            said.append((i, at))
            break
    if not said:
        return None
    st = _Stage("clf", "model")
    own = tasks(r, [i for i, _ in said])
    if len(own) == 1:
        st.block["task"] = own[0]
    for i, cue in said:
        st.cite(i, cue)
    return st


def _table_beside_maps(r: Reading, rad: _Stage | None, models: list[Mention]) -> _Stage | None:
    """The hand-crafted features of the whole region a classical model is said to take, when the extraction the
    text describes makes voxel-wise feature maps ("a CNN on radiomic feature maps ... compared with a logistic
    regression on whole-tumour PyRadiomics features"): a table of its own beside the maps."""
    if rad is None or rad.block.get("produces") != "maps":
        return None
    said = sorted({m.sentence for m in models if r.has(m.sentence, "features", "radiomic") and not r.has(
        m.sentence, "feature_maps")})
    if not said:
        return None
    st = _Stage("rad", "feature_extraction", rad.head)
    for i in said:
        st.cite(i, _first(r.cues(i, "radiomic"), r.cues(i, "features")))
    return st


def _makes_masks(st: _Stage) -> bool:
    """A model whose predictions are masks or images: its task says so or, with none stated, its architecture's
    typical task does (an nnU-Net delineates), as the check reads it."""
    task = st.block.get("task")
    if task is not None:  # (a multi-task network with a segmentation head passes masks on, whatever else it does)
        return any(t.strip().strip('"') in _MASKS for t in task.strip("[]").split(","))
    term = vocab.lookup(st.head.strip('"'))
    return term is not None and term.task in _MASKS


# a network's output as a model's input, named as such or by the name the text gives it
_NETWORK_OUTPUT = re.compile(r"\b(?:its|the\s+network'?s?|the\s+(?:CNN|model|network)'s)\s+(?:[\w-]+\s+)?(?:outputs?|"
                             r"probabilit(?:y|ies)|scores?|predictions?)\b|\b(?:DL|deep[- ]learning|CNN|network|AI)[- ]"
                             r"(?:based\s+)?(?:scores?|signatures?|probabilit(?:y|ies)|outputs?|risk scores?)\b", re.I)
_CALLED = re.compile(r"\b(?:called|referred\s+to\s+as|refer\s+to\s+(?:[\w'-]+\s+){1,8}?as|termed|named|denoted(?:\s+as)?|"
                     r"known\s+as)\s+(?:the\s+|a\s+)?[\"“']?(?P<name>[A-Za-z][\w-]*(?:\s+[A-Za-z][\w-]*){0,3}?)[\"”']?"
                     r"\s*(?:\((?P<abbr>[A-Za-z][\w-]*)\))?\s*(?:[.,;]|$|\s+(?:because|since|as|and|in)\b)", re.I)
_OUTPUT_WORDS = re.compile(r"\b(?:outputs?|probabilit(?:y|ies)|predictions?)\b", re.I)


def _score_into(r: Reading, nets: list[_Stage], model: _Stage | None) -> _Stage | None:
    """The one network on images whose output a sentence of the final model says it takes (see _NETWORK_OUTPUT and
    the names the text gives that output)."""
    if model is None or len(nets) != 1:
        return None
    names: list[str] = []
    for i in nets[0].sentences:
        names += _called(r, i)
    for i in range(len(r.sentences)):  # "We refer to the output of our image model as the deep radiomic score (DRS)"
        if i not in nets[0].sentences and _OUTPUT_WORDS.search(r.sentences[i].text):
            names += _called(r, i)
    said = re.compile(r"\b(?:" + "|".join(re.escape(n) for n in names) + r")\b", re.I) if names else None
    # its output named by the network's own name ("the DenseNet output probability", "the ResNet-50 score")
    own = [w for w in re.findall(r"[A-Za-z][\w]*", nets[0].head.strip('"')) if len(w) >= 3 and not w.isdigit()]
    by_name = re.compile(r"\b(?:" + "|".join(re.escape(w) for w in own) + r")[\w-]*(?:\s+[\w-]+){0,2}?\s+"
                         r"(?:outputs?|probabilit(?:y|ies)|scores?|predictions?)\b", re.I) if own else None
    for i in model.sentences:
        text = r.sentences[i].text
        if _NETWORK_OUTPUT.search(text) or said is not None and said.search(text) or \
                by_name is not None and by_name.search(text):
            return nets[0]
    return None


def _called(r: Reading, i: int) -> list[str]:
    out: list[str] = []
    for m in _CALLED.finditer(r.sentences[i].text):
        out.append(m.group("name"))
        if m.group("abbr"):
            out.append(m.group("abbr"))
    return out


_FINDINGS = re.compile(r"\b(?:each|every)\s+(?:detected\s+|localised\s+|localized\s+|candidate\s+)?(?:mass|nodule|"
                       r"lesion|fracture|finding|polyp|tumou?r|candidate|object)\b|\b(?:detected|localised|localized|"
                       r"predicted)\s+(?:regions?|lesions?|nodules?|masses|objects?|candidates?|(?:bounding\s+)?boxe?s?)\b|"
                       r"\b(?:inside|within)\s+(?:each|the)\s+(?:predicted|detected)\b", re.I)


def _distillation(r: Reading, models: list[_Stage]) -> _Stage | None:
    """Knowledge distillation: the network said to be the teacher trains the student (its labels_from) and reaches
    no output itself; the student is trained 'distilled'. Returns the teacher."""
    teachers = [m for m in models if any(r.has(i, "teacher") and not r.has(i, "distill") and any(
        n.family == "deep" for n in r.names(i, "term")) for i in m.sentences)]  # said where it is named
    students = [m for m in models if m not in teachers and any(r.has(i, "distill") for i in m.sentences)]
    if len(teachers) != 1 or not students:
        return None
    for st in students:
        st.block["training"] = "distilled"
        st.block["labels_from"] = teachers[0].name
    return teachers[0]


def _form_stated(r: Reading) -> tuple[str, int] | None:
    return _form(r, range(len(r.sentences)))


def _own_tasks(r: Reading, st: _Stage) -> list[str]:
    task = st.block.get("task")
    if task is not None:
        return [t.strip() for t in task.strip("[]").split(",")]
    if st.kind == "model" and st.name == "clf":
        named = [a.strip().strip('"') for a in st.block.get("algorithm", st.head).strip("[]").split(",")]
        if named and all(clustering_algorithm(a.removeprefix("classical ").strip('"')) for a in named):
            return ["clustering"]  # an unsupervised model: its output is the groups it finds
    return tasks(r, st.sentences)
