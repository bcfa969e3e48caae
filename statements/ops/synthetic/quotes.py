"""Quote text: varied English sentences a diplomat might say, filled in from the vocabulary."""

from statements.ops.synthetic.vocabulary import (
    COMMON_SHARE,
    MENTION_SENTENCES,
    PLAIN_SENTENCES,
    RARE_SENTENCES,
    RARE_SHARE,
    SAID,
    SECURITY_SENTENCES,
    VOCABULARY,
)


class _Slots(dict):
    """Template values drawn only when a template asks for them."""

    def __init__(self, rng, we, party):
        super().__init__(we=we, we_lower=we.lower(), party=party)
        self.rng = rng

    def __missing__(self, key):
        if key.endswith("_cap"):
            value = self[key[:-4]]
            value = value[0].upper() + value[1:]
        else:
            value = self.rng.choice(VOCABULARY[key])
        self[key] = value
        return value


class QuoteWriter:
    """Writes varied English sentences a diplomat might say, from one random generator."""

    def __init__(self, rng):
        self.rng = rng

    def _fill(self, template, we, party=""):
        return template.format_map(_Slots(self.rng, we, party))

    def sentences(self, mentions=(), we="We", min_plain=1, max_plain=4):
        """Plain sentences, maybe one about security or a rare subject, then one per mention.

        `mentions` are (relation, party name) pairs; `we` is the subject ("We", or "They" when
        the statement is reported).
        """
        rng = self.rng
        out = [self._fill(rng.choice(PLAIN_SENTENCES), we) for _ in range(rng.randint(min_plain, max_plain))]
        if rng.random() < COMMON_SHARE:
            out.insert(rng.randint(0, len(out)), self._fill(rng.choice(SECURITY_SENTENCES), we))
        if rng.random() < RARE_SHARE:
            out.append(self._fill(rng.choice(RARE_SENTENCES), we))
        for relation, name in mentions:
            out.append(self._fill(rng.choice(MENTION_SENTENCES[relation]), we, name))
        return out

    def direct(self, mentions=()):
        return " ".join(self.sentences(mentions))

    def paraphrase(self, speaker, mentions=()):
        """A reported statement: "The representative of France said that they …"."""
        first, *rest = self.sentences(mentions, we="They", max_plain=2)
        text = f"{speaker} {self.rng.choice(SAID)} that {first[0].lower()}{first[1:]}"
        return " ".join([text, *rest])
