"""The starter curriculum: five short courses we wrote ourselves, in English and Spanish, that a program
installs and then edits as its own. Each module is a few paragraphs of Markdown, a reflection prompt and
a short quiz (the right choice is written first here; installing moves it to a different place in
each question).

Written for peer supporters, not clinicians: warm, practical, and pointing to the program's own protocol
rather than pretending to replace it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal


@dataclass(frozen=True)
class StarterQuestion:
    text: str
    right: str
    wrong: tuple[str, ...]


@dataclass(frozen=True)
class StarterModule:
    title: str
    body: str
    reflection: str
    questions: tuple[StarterQuestion, ...] = ()


@dataclass(frozen=True)
class StarterCourse:
    key: str
    title: str
    summary: str
    modules: tuple[StarterModule, ...]
    competencies: tuple[str, ...] = ()
    ce_category: str = "peer"
    ce_hours: Decimal = Decimal("1.5")
    activities: tuple[str, ...] = field(default=())  # the gates it opens by default


def _q(text: str, right: str, *wrong: str) -> StarterQuestion:
    return StarterQuestion(text, right, wrong)


ENGLISH: tuple[StarterCourse, ...] = (
    StarterCourse(
        key="boundaries",
        title="Boundaries and ethics",
        summary="What makes peer support safe for both people, and what to do when a line blurs.",
        competencies=("engages", "communication", "growth"),
        ce_category="ethics",
        ce_hours=Decimal(3),
        activities=("one_to_one", "group_facilitation", "on_call", "under_18", "sign_notes"),
        modules=(
            StarterModule(
                "Why boundaries help",
                """\
Boundaries are not walls. They are what lets you keep showing up, week after week, for the people you
support, and what lets them trust that the relationship is about *them*.

A few lines most programs draw:

- We meet and talk through the program's channels, not private numbers or social media.
- We do not lend or borrow money, give gifts of value, or date the people we support.
- We keep what people tell us private, and we say at the start when we would have to share (a risk to
  life, a child in danger).

When you are unsure, the answer is almost always the same: **pause, and talk to your supervisor.**
Asking is a sign of good practice, not of failure.
""",
                "Think of a time a helper in your own life held a boundary kindly. What did they say, "
                "and how did it feel?",
                (
                    _q(
                        "Someone you support asks for your personal phone number so they can text "
                        "you at night. What do you do?",
                        "Thank them for trusting you, explain you stay in touch through the program, "
                        "and share how to reach support at night.",
                        "Give it, because refusing could hurt the relationship.",
                        "Ignore the question and change the subject.",
                    ),
                    _q(
                        "You are unsure whether something crosses a line. What is the best first step?",
                        "Pause and talk it through with your supervisor.",
                        "Decide alone and keep it to yourself.",
                        "Ask the person you support to decide.",
                    ),
                ),
            ),
            StarterModule(
                "The ethics we share",
                """\
Peer support rests on values you already know from your own recovery: it is **voluntary**, **hopeful**,
**honest and direct**, **mutual**, and **person-driven**. Power is shared; the person leads.

Ethics in practice looks like:

1. Saying what you can and cannot do, plainly.
2. Never pushing your own path as *the* path.
3. Owning mistakes and repairing them.
4. Knowing when something is beyond peer support, and linking to the right help.

Each year you will be asked to read and agree to the program's code of ethics again. It is a good
moment to notice what has changed in your practice.
""",
                "Which of these values comes easiest to you, and which one do you want to grow in?",
                (
                    _q(
                        "Who leads the direction of peer support?",
                        "The person being supported.",
                        "The peer supporter.",
                        "The supporter's supervisor.",
                    ),
                    _q(
                        "You made a promise you could not keep. What fits peer ethics best?",
                        "Say so honestly, apologise, and agree what happens next.",
                        "Say nothing and hope it is not noticed.",
                        "Blame the program's rules.",
                    ),
                ),
            ),
        ),
    ),
    StarterCourse(
        key="story",
        title="Sharing your story safely",
        summary="How and when to share your own experience so that it helps the other person.",
        competencies=("shares", "engages", "personalizes"),
        activities=("one_to_one", "group_facilitation"),
        modules=(
            StarterModule(
                "Your story as a tool",
                """\
Your lived experience is what makes peer support different. Shared well, it says: *you are not alone,
and change is possible.*

Before you share, ask yourself three quick questions:

- **Who is this for?** It should help them, not relieve you.
- **How much?** A sentence or two is often enough. Leave room for them.
- **What is the hope in it?** Share what helped, not only what hurt.

There is a short video many programs use to open this conversation; your supervisor can suggest one
(for example [SAMHSA's peer support resources](https://www.samhsa.gov/brss-tacs)).
""",
                "Write two or three sentences of your story you would feel safe sharing with someone "
                "new. What did you leave out, and why?",
                (
                    _q(
                        "When you share part of your story, who should it serve?",
                        "The person you are supporting.",
                        "You, so you can feel heard.",
                        "The program's reputation.",
                    ),
                    _q(
                        "How much detail is usually right?",
                        "A little: enough to connect, with room left for them.",
                        "Every detail, so they understand fully.",
                        "None at all, ever.",
                    ),
                ),
            ),
            StarterModule(
                "Keeping yourself safe",
                """\
Some parts of your story are yours to keep. You never owe anyone the details of a trauma, a diagnosis
or a relapse.

- It is fine to say: *"That was a hard time for me. What helped was…"*
- Notice if sharing stirs things up for you afterwards, and plan something kind for yourself.
- Bring it to supervision. That is what it is for.
""",
                "What will you do for yourself after a session where sharing stirred something up?",
                (
                    _q(
                        "Someone asks for details of your hardest time. You do not want to share. "
                        "What can you say?",
                        "That it was a hard time, and what helped you through it.",
                        "Tell everything, since they asked.",
                        "End the session at once.",
                    ),
                ),
            ),
        ),
    ),
    StarterCourse(
        key="crisis",
        title="Crisis response and our protocol",
        summary="Noticing when someone may be in danger, staying with them, and following the "
        "program's steps.",
        competencies=("crises", "links", "collaboration"),
        ce_hours=Decimal(2),
        activities=("one_to_one", "group_facilitation", "on_call", "under_18"),
        modules=(
            StarterModule(
                "Noticing and staying",
                """\
A crisis can sound loud or very quiet. Listen for talk of wanting to die, of being a burden, of having
no way out, or a sudden calm after a long struggle.

When you notice:

1. **Ask directly.** "Are you thinking about killing yourself?" Asking does not put the idea there.
2. **Stay with them.** Keep talking; you do not need the perfect words.
3. **Follow the protocol.** Alongside shows the program's steps and alerts the person on call.

In the United States, 988 (call or text) is there any time. Your program may add local lines.
""",
                "What words would feel natural for you when asking someone directly about suicide?",
                (
                    _q(
                        "Does asking someone directly about suicide put the idea in their head?",
                        "No. Asking directly is safe and often a relief.",
                        "Yes, so it is better to hint.",
                        "Only if they are young.",
                    ),
                    _q(
                        "Someone tells you they have a plan to end their life tonight. What comes "
                        "first?",
                        "Stay with them and follow the program's crisis protocol now.",
                        "Promise to keep it secret.",
                        "Tell them to rest and talk tomorrow.",
                    ),
                ),
            ),
            StarterModule(
                "After the crisis",
                """\
When the moment has passed, there is still work to do, for them and for you.

- Write down what happened, plainly and soon.
- Check the escalation is acknowledged and closed with the person on call.
- Take the debrief you are offered. Hard calls leave a mark on helpers too.
""",
                "Who can you talk to after a hard call, inside the program and outside it?",
                (
                    _q(
                        "After a crisis call, what is part of your job?",
                        "Write it down and take the debrief you are offered.",
                        "Forget it quickly and move on.",
                        "Call the person's family yourself.",
                    ),
                ),
            ),
        ),
    ),
    StarterCourse(
        key="language",
        title="Trauma-informed and person-first language",
        summary="Words that make people feel safe, respected and in charge of their own story.",
        competencies=("communication", "engages", "supports"),
        activities=("one_to_one", "group_facilitation", "under_18"),
        modules=(
            StarterModule(
                "People first",
                """\
We say *a person living with schizophrenia*, not *a schizophrenic*; *a person who uses drugs*, not *an
addict*. A diagnosis is something someone has, not who they are.

Other swaps that help:

- instead of *non-compliant*, try *chose a different path*;
- instead of *suffering from*, try *living with*;
- instead of *clean* or *dirty*, try *in recovery* or *using*.

And when in doubt, use the words the person uses for themselves.
""",
                "Which words did people use about you that hurt, and which ones helped?",
                (
                    _q(
                        "Which phrase is person-first?",
                        "A person living with depression.",
                        "A depressive.",
                        "A depression case.",
                    ),
                    _q(
                        "Someone calls themself an addict. What do you do?",
                        "Follow their lead; it is their word for their story.",
                        "Correct them every time.",
                        "Refuse to continue until they change it.",
                    ),
                ),
            ),
            StarterModule(
                "Trauma-informed habits",
                """\
Many people we support have lived through trauma. Trauma-informed support asks *what happened to you?*
rather than *what is wrong with you?*

- **Safety:** say what will happen next, and keep to it.
- **Choice:** offer options, even small ones.
- **Collaboration:** decide together.
- **Trust:** be consistent.
- **Empowerment:** notice strengths out loud.
""",
                "Pick one habit to practise this week. What will it look like in your sessions?",
                (
                    _q(
                        "Which question is trauma-informed?",
                        "What happened to you?",
                        "What is wrong with you?",
                        "Why did you not get help sooner?",
                    ),
                ),
            ),
        ),
    ),
    StarterCourse(
        key="documentation",
        title="Documentation",
        summary="Writing session notes that are accurate, respectful and useful, and that the person "
        "could read.",
        competencies=("collaboration", "planning", "communication"),
        ce_hours=Decimal(1),
        activities=("sign_notes",),
        modules=(
            StarterModule(
                "Notes the person could read",
                """\
Write every note as if the person will read it, because they may. Keep to what happened and what was
agreed, in plain words.

A good note has:

- the date, how you met, and for how long;
- what the person wanted to work on, in their words;
- what you did together and what is next;
- anything that needs follow-up (a referral, a safety concern you escalated).

Leave out guesses about diagnosis and labels. Peers describe; they do not diagnose.
""",
                "Rewrite this in plain, respectful words: 'Client non-compliant, refused meds again.'",
                (
                    _q(
                        "What belongs in a peer support note?",
                        "What happened, what was agreed, and what is next.",
                        "Your guess at their diagnosis.",
                        "Your personal opinion of their family.",
                    ),
                    _q(
                        "Who might read a note you write?",
                        "The person it is about, among others.",
                        "Nobody ever.",
                        "Only you.",
                    ),
                ),
            ),
        ),
    ),
)


SPANISH: tuple[StarterCourse, ...] = (
    StarterCourse(
        key="boundaries",
        title="Límites y ética",
        summary="Qué hace que el apoyo entre pares sea seguro para las dos personas, y qué hacer cuando "
        "una línea se desdibuja.",
        competencies=("engages", "communication", "growth"),
        ce_category="ethics",
        ce_hours=Decimal(3),
        modules=(
            StarterModule(
                "Por qué ayudan los límites",
                """\
Los límites no son muros. Son lo que te permite seguir presente, semana tras semana, para las personas
que acompañas, y lo que les permite confiar en que la relación trata de *ellas*.

Algunas líneas que marcan la mayoría de los programas:

- Nos comunicamos por los canales del programa, no por teléfonos privados ni redes sociales.
- No prestamos ni pedimos dinero, no hacemos regalos de valor ni salimos con las personas que apoyamos.
- Guardamos en privado lo que nos cuentan, y decimos desde el principio cuándo tendríamos que
  compartirlo (un riesgo para la vida, un niño en peligro).

Cuando tengas dudas, la respuesta casi siempre es la misma: **haz una pausa y habla con tu
supervisor.** Preguntar es señal de buena práctica, no de fracaso.
""",
                "Piensa en alguien que te ayudó y que mantuvo un límite con cariño. ¿Qué te dijo y cómo "
                "te sentiste?",
                (
                    _q(
                        "Una persona que acompañas te pide tu número personal para escribirte de "
                        "noche. ¿Qué haces?",
                        "Le agradeces la confianza, le explicas que seguimos en contacto por el "
                        "programa y le dices cómo encontrar apoyo por la noche.",
                        "Se lo das, porque negarte podría dañar la relación.",
                        "Ignoras la pregunta y cambias de tema.",
                    ),
                    _q(
                        "No sabes si algo cruza una línea. ¿Cuál es el mejor primer paso?",
                        "Hacer una pausa y hablarlo con tu supervisor.",
                        "Decidir a solas y no contarlo.",
                        "Pedir a la persona que decida.",
                    ),
                ),
            ),
            StarterModule(
                "La ética que compartimos",
                """\
El apoyo entre pares se apoya en valores que ya conoces por tu propia recuperación: es **voluntario**,
**esperanzador**, **honesto y directo**, **mutuo** y **guiado por la persona**. El poder se comparte;
la persona lleva el rumbo.

La ética en la práctica es:

1. Decir con claridad lo que puedes y no puedes hacer.
2. No imponer nunca tu camino como *el* camino.
3. Reconocer los errores y repararlos.
4. Saber cuándo algo va más allá del apoyo entre pares y conectar con la ayuda adecuada.

Cada año se te pedirá leer y aceptar de nuevo el código de ética del programa. Es un buen momento para
notar qué ha cambiado en tu práctica.
""",
                "¿Cuál de estos valores te resulta más fácil y en cuál quieres crecer?",
                (
                    _q(
                        "¿Quién guía el rumbo del apoyo entre pares?",
                        "La persona que recibe el apoyo.",
                        "La persona que da el apoyo.",
                        "El supervisor.",
                    ),
                    _q(
                        "Hiciste una promesa que no pudiste cumplir. ¿Qué encaja mejor con la ética "
                        "entre pares?",
                        "Decirlo con honestidad, pedir disculpas y acordar qué sigue.",
                        "No decir nada y esperar que no se note.",
                        "Culpar a las reglas del programa.",
                    ),
                ),
            ),
        ),
    ),
    StarterCourse(
        key="story",
        title="Compartir tu historia de forma segura",
        summary="Cómo y cuándo compartir tu experiencia para que ayude a la otra persona.",
        competencies=("shares", "engages", "personalizes"),
        modules=(
            StarterModule(
                "Tu historia como herramienta",
                """\
Tu experiencia vivida es lo que hace distinto al apoyo entre pares. Compartida bien, dice: *no estás
solo, el cambio es posible.*

Antes de compartir, hazte tres preguntas rápidas:

- **¿Para quién es?** Debe ayudar a la otra persona, no aliviarte a ti.
- **¿Cuánto?** A menudo basta una frase o dos. Deja espacio para la otra persona.
- **¿Dónde está la esperanza?** Comparte lo que ayudó, no solo lo que dolió.

Muchos programas abren esta conversación con un video corto; tu supervisor puede sugerirte uno (por
ejemplo, [los recursos de apoyo entre pares de SAMHSA](https://www.samhsa.gov/brss-tacs)).
""",
                "Escribe dos o tres frases de tu historia que te sentirías seguro de compartir con "
                "alguien nuevo. ¿Qué dejaste fuera y por qué?",
                (
                    _q(
                        "Cuando compartes parte de tu historia, ¿a quién debe servir?",
                        "A la persona que acompañas.",
                        "A ti, para sentirte escuchado.",
                        "A la reputación del programa.",
                    ),
                    _q(
                        "¿Cuánto detalle suele ser adecuado?",
                        "Poco: lo justo para conectar, dejando espacio a la otra persona.",
                        "Todos los detalles, para que entienda del todo.",
                        "Ninguno, nunca.",
                    ),
                ),
            ),
            StarterModule(
                "Cuidarte a ti",
                """\
Algunas partes de tu historia son solo tuyas. Nunca le debes a nadie los detalles de un trauma, un
diagnóstico o una recaída.

- Está bien decir: *"Fue una época difícil para mí. Lo que me ayudó fue…"*
- Fíjate si compartir te remueve algo después, y planea algo amable para ti.
- Llévalo a supervisión. Para eso está.
""",
                "¿Qué harás por ti después de una sesión en la que compartir te removió algo?",
                (
                    _q(
                        "Alguien te pide detalles de tu peor momento. No quieres compartirlos. "
                        "¿Qué puedes decir?",
                        "Que fue una época difícil, y qué te ayudó a salir adelante.",
                        "Contarlo todo, ya que te lo pidió.",
                        "Terminar la sesión de inmediato.",
                    ),
                ),
            ),
        ),
    ),
    StarterCourse(
        key="crisis",
        title="Respuesta a crisis y nuestro protocolo",
        summary="Notar cuándo alguien puede estar en peligro, quedarte con la persona y seguir los pasos "
        "del programa.",
        competencies=("crises", "links", "collaboration"),
        ce_hours=Decimal(2),
        modules=(
            StarterModule(
                "Notar y quedarse",
                """\
Una crisis puede sonar fuerte o muy callada. Presta atención a quien habla de querer morir, de ser una
carga, de no tener salida, o a una calma repentina después de una larga lucha.

Cuando lo notes:

1. **Pregunta directamente.** "¿Estás pensando en quitarte la vida?" Preguntar no pone la idea.
2. **Quédate con la persona.** Sigue hablando; no necesitas las palabras perfectas.
3. **Sigue el protocolo.** Alongside muestra los pasos del programa y avisa a quien está de guardia.

En Estados Unidos, el 988 (llamada o texto, también en español) está disponible a toda hora. Tu programa
puede añadir líneas locales.
""",
                "¿Qué palabras te saldrían con naturalidad para preguntar directamente por el suicidio?",
                (
                    _q(
                        "¿Preguntar directamente por el suicidio pone la idea en la cabeza?",
                        "No. Preguntar directamente es seguro y a menudo un alivio.",
                        "Sí, así que es mejor insinuarlo.",
                        "Solo si la persona es joven.",
                    ),
                    _q(
                        "Alguien te dice que tiene un plan para quitarse la vida esta noche. ¿Qué va "
                        "primero?",
                        "Quedarte con la persona y seguir ya el protocolo de crisis del programa.",
                        "Prometer que guardarás el secreto.",
                        "Decirle que descanse y hablar mañana.",
                    ),
                ),
            ),
            StarterModule(
                "Después de la crisis",
                """\
Cuando el momento ha pasado, todavía queda trabajo, para la persona y para ti.

- Escribe lo que pasó, con claridad y pronto.
- Comprueba que quien está de guardia ha recibido y cerrado la alerta.
- Acepta la conversación de cierre que se te ofrece. Las llamadas difíciles también dejan huella en
  quien ayuda.
""",
                "¿Con quién puedes hablar después de una llamada difícil, dentro y fuera del programa?",
                (
                    _q(
                        "Después de una llamada de crisis, ¿qué forma parte de tu trabajo?",
                        "Escribir lo que pasó y aceptar la conversación de cierre que se te ofrece.",
                        "Olvidarlo rápido y seguir.",
                        "Llamar tú a la familia de la persona.",
                    ),
                ),
            ),
        ),
    ),
    StarterCourse(
        key="language",
        title="Lenguaje informado por el trauma y centrado en la persona",
        summary="Palabras que hacen que la gente se sienta segura, respetada y dueña de su propia historia.",
        competencies=("communication", "engages", "supports"),
        modules=(
            StarterModule(
                "Primero la persona",
                """\
Decimos *una persona que vive con esquizofrenia*, no *un esquizofrénico*; *una persona que consume
drogas*, no *un adicto*. Un diagnóstico es algo que alguien tiene, no lo que es.

Otros cambios que ayudan:

- en vez de *no cumple*, prueba *eligió otro camino*;
- en vez de *sufre de*, prueba *vive con*;
- en vez de *limpio* o *sucio*, prueba *en recuperación* o *consumiendo*.

Y si dudas, usa las palabras que la persona usa para sí misma.
""",
                "¿Qué palabras usaron sobre ti que te dolieron, y cuáles te ayudaron?",
                (
                    _q(
                        "¿Qué frase pone primero a la persona?",
                        "Una persona que vive con depresión.",
                        "Un depresivo.",
                        "Un caso de depresión.",
                    ),
                    _q(
                        "Alguien se llama a sí mismo adicto. ¿Qué haces?",
                        "Sigues su ejemplo; es su palabra para su historia.",
                        "Lo corriges cada vez.",
                        "Te niegas a seguir hasta que la cambie.",
                    ),
                ),
            ),
            StarterModule(
                "Hábitos informados por el trauma",
                """\
Muchas personas que acompañamos han vivido traumas. El apoyo informado por el trauma pregunta *¿qué te
pasó?* en lugar de *¿qué te pasa?*

- **Seguridad:** di qué va a pasar después, y cúmplelo.
- **Elección:** ofrece opciones, aunque sean pequeñas.
- **Colaboración:** decidan juntos.
- **Confianza:** sé constante.
- **Empoderamiento:** nombra las fortalezas en voz alta.
""",
                "Elige un hábito para practicar esta semana. ¿Cómo se verá en tus sesiones?",
                (
                    _q(
                        "¿Qué pregunta está informada por el trauma?",
                        "¿Qué te pasó?",
                        "¿Qué problema tienes?",
                        "¿Por qué no pediste ayuda antes?",
                    ),
                ),
            ),
        ),
    ),
    StarterCourse(
        key="documentation",
        title="Documentación",
        summary="Escribir notas de sesión precisas, respetuosas y útiles, que la persona podría leer.",
        competencies=("collaboration", "planning", "communication"),
        ce_hours=Decimal(1),
        modules=(
            StarterModule(
                "Notas que la persona podría leer",
                """\
Escribe cada nota como si la persona fuera a leerla, porque puede hacerlo. Cíñete a lo que pasó y a lo
que se acordó, con palabras sencillas.

Una buena nota tiene:

- la fecha, cómo se encontraron y cuánto tiempo;
- en qué quería trabajar la persona, con sus palabras;
- qué hicieron juntos y qué sigue;
- lo que necesite seguimiento (una derivación, una preocupación de seguridad que escalaste).

Deja fuera suposiciones sobre diagnósticos y etiquetas. Los pares describen; no diagnostican.
""",
                "Reescribe esto con palabras sencillas y respetuosas: 'Cliente no cumple, rechazó la "
                "medicación otra vez.'",
                (
                    _q(
                        "¿Qué va en una nota de apoyo entre pares?",
                        "Lo que pasó, lo que se acordó y lo que sigue.",
                        "Tu suposición sobre su diagnóstico.",
                        "Tu opinión personal sobre su familia.",
                    ),
                    _q(
                        "¿Quién podría leer una nota que escribes?",
                        "La persona de la que trata, entre otros.",
                        "Nadie, nunca.",
                        "Solo tú.",
                    ),
                ),
            ),
        ),
    ),
)
