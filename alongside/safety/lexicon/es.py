"""Spanish lexicon, same shape as `en.py`. Accents are folded away before matching ("mañana" → "manana").

Spanish marks the person on the verb ("quiero morirme" is the writer, "quiere morirse" someone else), so
most cues here fix their person in the words themselves.
"""

A = r"(?:\s+(?:solo|ya|de verdad|realmente|en serio|a veces|literalmente|tanto|todavia|aun|simplemente))*"
DIE = r"(?:morir(?:me)?|matarme|suicidarme|quitarme la vida|estar muert[oa]|dejar de existir|no existir|no estar aqui|acabar con (?:todo|mi vida)|terminar con (?:todo|mi vida)|desaparecer para siempre)"
VICTIM_OBJ = r"(?:lo|la|los|las|te)"

# One cue per line reads as a table, so the formatter leaves it alone.
# fmt: off
CUES: list[tuple[str, str, str]] = [
    # inminente: un acto en curso
    ("act", "lookback", r"\bya me (?:las|los) (?:tome|trague)\b|\bya (?:me )?(?:tome|trague|tomo|trago) (?:las|todas|todo|un monton|el frasco|la caja|\d+)"),
    ("act", "lookback", r"\b(?:me )?(?:tome|trague) (?:todas las|todas mis|todo el frasco|un frasco|una caja|un monton|un punado|\d+) (?:de )?(?:las |mis )?(?:pastillas|pildoras|medicinas|tabletas|pastis|calmantes)?"),
    ("act", "lookback", r"\bme corte (?:muy|demasiado) (?:profundo|hondo)\b|\bno (?:para|deja|paro|dejo) de sangrar\b|\bestoy sangrando mucho\b"),
    ("act", "self", r"\bestoy (?:parad[oa] |sentad[oa] |arriba )?(?:en|sobre) (?:el|la|las) (?:puente|azotea|techo|cornisa|orilla del puente|vias|borde)\b"),
    ("act", "lookback", r"\bme (?:sobredosifique|pase con las pastillas)\b|\bya (?:tengo|esta) (?:lista )?la (?:cuerda|soga) (?:lista|puesta|colgada)\b"),
    # inminente: un plan, despedidas, preparativos
    ("plan", "lookback", r"\b(?:escribi|deje|estoy escribiendo|ya escribi) (?:mi|una|la) (?:carta|nota) (?:de despedida|suicida|final)\b|\bcarta de despedida\b"),
    ("plan", "lookback", r"\besta es mi despedida\b|\bme despido de (?:todos|ustedes|todo|este mundo)\b|\badios (?:a todos|para siempre|mundo)\b"),
    ("plan", "lookback", r"\b(?:ya )?decidi (?:como|cuando|el dia|la fecha|la forma) (?:lo voy a hacer|me voy a matar|hacerlo|matarme|morir)"),
    ("plan", "lookback", r"\btengo (?:un|el|mi) plan para (?:matarme|suicidarme|quitarme la vida|acabar con todo|morir)\b|\bya se como (?:lo voy a hacer|me voy a matar|matarme)\b"),
    ("plan", "lookback", r"\b(?:regale|estoy regalando|regalando|regalo) (?:todas )?mis cosas\b"),
    ("plan", "lookback", r"\b(?:junte|juntando|guardando|guarde|acumulando|acumule|ahorrando) (?:mis |las |suficientes |muchas )?(?:pastillas|pildoras|medicinas|tabletas)\b"),
    ("plan", "lookback", r"\b(?:manana|la proxima semana) ya no (?:voy a )?estar\b|\bno (?:voy a )?(?:estar|amanecer|llegar) (?:aqui |viv[oa] )?(?:a )?manana\b|\besta noche es la noche\b"),
    # alto: ideacion actual, activa
    ("ideation", "lookback", r"\b(?:quiero|quisiera|me gustaria|necesito|deseo|tengo ganas de|ganas de|solo pienso en|pienso en|pensando en)"
        + A
        + r"\s+"
        + DIE
        + r"\b"),
    ("ideation", "self", r"\bme quiero (?:morir|matar|suicidar)\b|\bme (?:voy a|pienso|quiero|gustaria) (?:matar|suicidar|quitar la vida)\b|\bme (?:mataria|suicidaria|quitaria la vida)\b"),
    ("ideation", "self", r"\bvoy a (?:matarme|suicidarme|quitarme la vida|acabar con (?:todo|mi vida)|terminar con (?:todo|mi vida))\b|\b(?:acabo|termino) con (?:mi vida|todo esta noche)\b"),
    ("ideation", "self", r"\b(?:matarme|suicidarme|quitarme la vida|acabar con mi vida|terminar con mi vida)\b"),
    ("ideation", "lookback", r"\b(?:pensamientos|ideas|ideacion) suicidas?\b|\b(?:soy|estoy|me siento|sentirme|ando) (?:muy |tan |bien |super |algo )?suicida\b|\bpienso (?:mucho |todo el tiempo )?en (?:la muerte|morir(?:me)?|el suicidio|suicidarme|matarme)\b"),
    ("ideation", "self", r"\bvolvieron (?:los pensamientos|las ganas|las ideas)\b|\b(?:otra vez|de nuevo) (?:pienso|estoy pensando) en (?:matarme|morir|suicid\w*|la muerte)\b"),
    ("ideation", "lookback", r"\btirarme (?:de|del|desde|a|al|por) (?:un |el |la )?(?:puente|edificio|techo|azotea|balcon|tren|vias|metro|ventana)\b"),
    # alto: deseos pasivos de estar muerto
    ("passive", "self", r"\bojala (?:no (?:despertara|despierte|despertar)|me muriera|me muera|estuviera muert[oa]|no hubiera nacido|desapareciera|me atropellara|me pasara algo)\b"),
    ("passive", "self", r"\b(?:dormir|dormirme|quedarme dormid[oa]) y no (?:despertar|volver a despertar|despertarme)(?: nunca)?\b"),
    ("passive", "self", r"\bno (?:quiero|quisiera) (?:despertar|vivir|seguir viviendo|seguir aqui|estar aqui|existir|seguir(?! con| en| trabajando| estudiando| asi)|estar viv[oa])\b"),
    ("passive", "self", r"\bno me importaria (?:morir(?:me)?|que me (?:atropell|mat)\w*|no despertar|desaparecer|que (?:un|el) \w+ me)"),
    ("passive", "self", r"\bestarian (?:mejor|mas felices|mas tranquilos) sin mi\b|\b(?:mejor|mas facil) (?:si )?(?:estuviera|estoy) muert[oa]\b|\bnadie me (?:extranaria|echaria de menos)\b"),
    ("passive", "self", r"\b(?:cansad[oa]|hart[oa]) de (?:vivir|estar viv[oa]|existir)\b|\bla vida no vale la pena\b|\bno vale la pena vivir\b"),
    ("passive", "self", r"\bno (?:tengo|hay|le encuentro) (?:ninguna )?(?:razon|razones|motivo|motivos|sentido) (?:para|a) (?:vivir|seguir viv[oa]|seguir aqui|la vida)\b|\bpara que seguir (?:viviendo|viv[oa]|aqui)\b"),
    ("passive", "self", r"\b(?:quiero|quisiera) (?:solo )?desaparecer\b|\bdesaparecer para siempre\b"),
    ("passive", "self", r"\bno soy suicida,? (?:pero|solo)\b.{0,50}\bno me importaria\b"),
    # alto: autolesion ahora, y ganas
    ("self_harm", "self", r"\b(?:cortarme|me corto|me corte|lastimarme|me lastimo|me lastime|hacerme dano|me hago dano|me hice dano|quemarme|me quemo|me queme|golpearme|me golpeo|me rasguno)\b|\bme (?:voy a|quiero|pienso) (?:hacer dano|lastimar|cortar|quemar)\b|\bme (?:haria|hare|haga) dano\b|\b(?:me estoy|estoy) (?:cortando|lastimando|quemando|haciendo dano)\b|\b(?:cortandome|lastimandome|quemandome)\b"),
    ("self_harm", "lookback", r"\b(?:autolesion\w*|autolastim\w*)\b"),
    ("self_harm", "self", r"\b(?:ganas|necesidad|impulsos?) de (?:cortarme|lastimarme|hacerme dano|quemarme|autolesionarme)\b"),
    # alto: voces que ordenan hacer dano
    ("voices", "fixed", r"\b(?:las |una |la )?(?:voz|voces) (?:que )?(?:me )?(?:dicen|dice|decian|dijeron|piden|pide|ordenan|ordena|gritan|susurran|insisten)(?: en)? (?:que|a)\b"),
    # amenazas a otros
    ("threat", "lookback", r"\b"
        + VICTIM_OBJ
        + r" (?:voy a|quiero|pienso|tengo ganas de) (?:matar|lastimar|apunalar|balear|golpear|ahorcar)\b"),
    ("threat", "lookback", r"\b(?:voy a|quiero|pienso|tengo ganas de) (?:matar|lastimar|apunalar|dispararle|golpear) a\b|\b(?:voy a|quiero|pienso) (?:matarlo|matarla|matarlos|matarte|lastimarlo|lastimarla|apunalarlo|dispararle)\b"),
    ("threat_now", "lookback", r"\b(?:llevar|llevare|voy a llevar|llevo) (?:una |un |el |la |mi )?(?:pistola|arma|cuchillo|escopeta)(?: de mi \w+)? a (?:la escuela|el trabajo|la oficina|clase|su casa|la fiesta)\b|\bme las va(?:n)? a pagar\b"),
    # abuso que ocurre ahora, y peligro de otra persona
    ("abuse", "fixed", r"\b(?:me|nos) (?:pega|golpea|maltrata|ahorca|viola|patea|abofetea|empuja|encierra|amenaza)\b"),
    ("abuse", "fixed", r"\bme (?:pego|golpeo|ahorco|violo|pateo|empujo|amenazo) (?:otra vez|de nuevo|anoche|ayer|hoy|esta manana)\b"),
    ("abuse", "fixed", r"\b(?:amenazo|amenaza|dijo que|dice que) (?:con )?(?:matarme|me va a matar|lastimarme|me iba a matar|me mataria)\b|\bme quiere matar\b"),
    ("abuse", "fixed", r"\b(?:tengo )?miedo (?:de|a) (?:volver|regresar|ir) a (?:mi )?casa\b(?!.{0,30}\b(?:notas|calificaciones|boleta))|\bmiedo de que me (?:mate|pegue|lastime|golpee)\b"),
    ("danger", "fixed", r"\bme (?:esta|estan) (?:pegando|golpeando|ahorcando|lastimando|atacando|amenazando)\b|\b(?:esta|estan) (?:golpeando|rompiendo|pateando|tirando) (?:la|mi) (?:puerta|ventana)\b"),
    ("danger", "fixed", r"\btiene (?:una|un|la|el|su) (?:pistola|arma|cuchillo|navaja)\b.{0,40}\b(?:me|nos|matar)\b|\bme va a matar (?:esta noche|ahora|hoy|cuando llegue)\b"),
    ("danger", "fixed", r"\b(?:encerrad[oa]|escondid[oa]) en (?:el bano|el cuarto|el closet|el armario|mi cuarto|el carro)\b|\bayudenme,? (?:el|ella|ellos) (?:esta|estan|viene|vienen)\b"),
    # preocupacion: historia, desesperanza, recaida, hospital, otra persona
    ("past", "self", r"\b(?:intente|intento de|trate de|intentaba) (?:suicidarme|matarme|quitarme la vida|suicidio)\b|\bmi intento de suicidio\b|\bsobrevivi a (?:un|mi) intento\b"),
    ("past", "self", r"\bqueria (?:morirme|morir|matarme|suicidarme|desaparecer)\b|\bme (?:cortaba|lastimaba|autolesionaba|hacia dano)\b|\bpensaba en (?:matarme|suicidarme|morir|la muerte)\b|\bestuve suicida\b|\bmis cicatrices\b"),
    ("hopeless", "self", r"\bsin esperanza\b|\bdesesperanza\b|\bnada va a (?:mejorar|cambiar)\b|\bno (?:le )?veo (?:salida|futuro|sentido|solucion)\b|\bno tiene sentido (?:nada|seguir)\b|\bno valgo nada\b|\b(?:muy|super|tan|bien) deprimid[oa]\b"),
    ("hopeless", "self", r"\bme siento (?:vaci[oa]|atrapad[oa]|muert[oa] por dentro|sin salida)\b|\bestoy muert[oa] por dentro\b|\bya no puedo mas\b|\bno aguanto mas\b|\bme rindo\b|\bme di por vencid[oa]\b"),
    ("burden", "self", r"\bsoy una carga\b|\bsolo soy un estorbo\b|\bsoy un estorbo\b"),
    ("relapse", "lookback", r"\b(?:recai|recaida|tuve una recaida)\b|\bvolvi a (?:beber|tomar(?! agua| cafe| te\b| la | el | un | una | mis | las | los )|consumir|usar|drogarme|inyectarme|las drogas|la botella)\b|\brompi mi (?:sobriedad|racha)\b"),
    ("discharge", "self", r"^(?=.*\b(?:miedo|asustad[oa]|aterrad[oa]|nervios[oa]|ansios[oa]|panico|no se como voy a)\b)(?=.*\b(?:sali|me dieron de alta|me dieron el alta|me soltaron|regrese|volvi a casa)(?: \w+){0,2} (?:de |del |de la )?(?:hospital|psiquiatrico|psiquiatria|clinica|internacion|unidad|urgencias|rehabilitacion|rehab|centro|desintoxicacion)\b)"),
    ("other_at_risk", "other", r"\b(?:se quiere|quiere|quiso|dice que se va a|dice que quiere|habla de|piensa en|amenaza con) (?:matar|morir|suicidar|matarse|morirse|suicidarse|quitarse la vida)\b"),
    ("other_at_risk", "other", r"\b(?:se corta|se lastima|se hace dano|se autolesiona|esta suicida|se quiere quitar la vida|intento suicidarse|tiene pensamientos suicidas)\b|\bse (?:haga|vaya a hacer|pueda hacer) dano\b|\bse (?:mate|suicide|lastime|corte)\b|\bse (?:esta|sigue|anda) (?:cortando|lastimando|haciendo dano|autolesionando)\b"),
]
# fmt: on

IDIOMS: list[str] = [
    r"\b(?:me muero|me mori|me estoy muriendo|muriendome|morirme|morir|muert[oa]s?|me moria|nos morimos|casi me muero|me quiero morir) de (?:la )?(?:risa|hambre|sueno|ganas|verguenza|calor|frio|pena|envidia|aburrimiento|amor|cansancio|nervios|sed|celos|ternura|curiosidad|emocion)\b",
    r"\bme muero por (?:verte|ver|ir|saber|conocer|probar|comer|un|una|el|la|que|tomar)\b|\bmataria por (?:un|una|unas|unos|el|la|los|las)\b",
    r"\b(?:el calor|este calor|el frio|el trafico|este trabajo|mi trabajo|esta tarea|la tarea|el examen|este examen|los examenes|la espalda|los pies|mis pies|el jefe|mi jefe|la escuela|esta semana|la universidad|la uni|esta clase|la dieta|el gym|el gimnasio|la cabeza|las muelas)(?: me| te)? (?:esta )?(?:mata|matando|va a matar|me mata)\b",
    r"\b(?:el|la|este|esta|los|las|estos|estas) (?!novio|novia|esposo|esposa|pareja|padrastro|hombre|tipo)\w+ me (?:mata|esta matando|tiene muert[oa])\b",
    r"\bme (?:esta |estan )?matando (?:el|la|los|las|este|esta|mi|mis)\b|\bme mata (?:la curiosidad|de risa|de la risa|el sueno|el calor)\b",
    r"\bmatar (?:el tiempo|el rato|dos pajaros|la sed|el hambre|el aburrimiento|las ganas)\b",
    r"\b(?:mi )?(?:mama|mami|papa|papi|madre|padre|jefe|jefa|profe|profesor|profesora|abuela|entrenador|hermana|hermano)(?: me)? (?:me )?(?:va a matar|me mata|matara|me matara)\b(?! (?:esta noche|ahora|de verdad))",
    r"\bestoy muert[oa](?! por dentro)\b|\bquede muert[oa]\b|\bque me maten\b|\bni muert[oa]\b",
    r"\b(?:me corte|cortarme|me corto|me cortaron) (?:el pelo|el cabello|el fleco|el flequillo|las unas|el dedo|con (?:un papel|el papel|la hoja|el cuchillo de cocina)|cocinando|pelando)\b|\bme (?:queme|quemo) (?:con (?:el|la|aceite|agua)|la mano|el dedo|la lengua|cocinando|en la playa|al sol)\b",
    r"\bse (?:me )?murio (?:el|la|mi) (?:celular|telefono|bateria|compu|computadora|planta|carro)\b|\b(?:el celular|la bateria|el telefono|la compu)(?: se)? (?:murio|esta muert[oa])\b",
    r"\b(?:matar|mate|matamos|maté) (?:al jefe final|zombis|zombies|a los zombies|mosquitos|las hormigas|la planta|el proceso)\b",
]

TOPIC = (
    r"\b(?:prevencion|concientizacion|concienciacion|capacitacion|taller|charla|conferencia|clase|curso|"
    r"seminario|recursos|informacion|guia|material|articulo|investigacion|estudio|estadisticas|tasas?|documental|pelicula|serie|libro|novela|"
    r"cancion|podcast|protocolo|linea de (?:ayuda|crisis)|campana|dia mundial|mes de|hablamos (?:de|sobre)|"
    r"discutimos|aprendimos|ensenaron|senales de alerta|como (?:ayudar|apoyar|hablar con|responder|preguntar))\b"
)
GENERIC = r"\b(?:alguien|una persona|las personas|la gente|cualquiera|los jovenes|adolescentes|un miembro|los miembros|quienes|uno que)\b"
NEGATION = r"\b(?:no|nunca|jamas|tampoco|ni|ya no|deje de|dejo de)\b|\bsi alguna vez\b|\bpor si\b|\bsi (?:me|llego a|empiezo a) (?:siento|sentir)\b"
NEGATION_EXCEPT = (
    r"\bno (?:se|entiendo|me importa|puedo dejar|paro de|dejo de|puedo parar|puedo mas)\b|\bno (?:quiero|quisiera) (?:vivir|seguir|despertar|estar|existir)\b|"
    r"\bno me importaria\b|\bno (?:tengo|hay|le encuentro) (?:ninguna |ningun )?(?:razon|razones|motivo|motivos|sentido)\b|\bno (?:le )?veo\b|\bno aguanto\b|\bni siquiera\b"
)
HISTORY = (
    r"\b(?:hace (?:anos|meses|\d+|un|una|unos|unas|dos|tres|cuatro|cinco|seis|siete|ocho|diez|muchos|varios|algunos|mucho|tiempo)(?: anos| ano| meses| mes| tiempo)?|"
    r"cuando (?:era|tenia|estaba en|iba a)|de (?:nina|nino|adolescente|joven|chic[oa]|pequen[oa])|"
    r"en (?:la secundaria|la prepa|la preparatoria|el colegio|el liceo|la universidad|la uni|mi adolescencia|esa epoca)|"
    r"en el pasado|antes (?:me|solia|pensaba|queria)|solia|el ano pasado|en ese entonces|sobrevivi|sobreviviente|(?:19|20)\d\d)\b"
)
RECENT = r"\b(?:anoche|ayer|hoy|esta noche|esta manana|esta tarde|hace (?:un rato|una hora|unas horas|\d+ horas|poco)|ahora mismo|otra vez|de nuevo)\b"
CURRENT = (
    r"\b(?:todavia|aun|otra vez|de nuevo|ultimamente|ahora|estos dias|sigo|sigue|cada vez|ya no)\b"
)
RECOVERY = (
    r"\b(?:limpi[oa]|sobri[oa]|sobriedad|recuperacion|recuperad[oa]|logro|celebr\w*|aniversario|orgullos[oa]|"
    r"libre|racha|agradecid[oa]|mucho mejor|me siento bien|sanando|llevo (?:\d+|un|una|dos|tres|cuatro|cinco|seis|siete|ocho|nueve|diez) (?:dias?|semanas?|meses|mes|anos?)|"
    r"sin (?:cortarme|beber|consumir|lastimarme|autolesionarme|recaer))\b"
)
JOKE = r"\b(?:ja(?:ja)+|je(?:je)+|xd+|jsjs\w*|es broma|bromeando|broma)\b"
TIME = (
    r"\b(?:esta noche|este fin de semana|(?<!esta )manana(?! por la)|en una hora|en unas horas|a medianoche|el viernes|el sabado|"
    r"cuando (?:todos|todos se|se) (?:duerman|vayan|se duerman|se vayan)|antes de que amanezca|en mi cumpleanos|cuando (?:llegue|venga|entre|vuelva))\b"
)
TIME_NOW = r"\b(?:ahora|ahora mismo|hoy|pronto|en un rato|en un momento)\b"
_MEANS = r"(?:pastillas|pildoras|medicinas|medicamentos|tabletas|cuerda|soga|cinturon|pistola|arma|escopeta|balas|navaja|cuchilla|cuchillo|hoja de afeitar|veneno|cloro|raticida)"
MEANS = (
    r"\b(?:tengo|compre|consegui|junte|guarde|agarre|saque|hay|tengo a mano|cargue) (?:\w+ ){0,3}"
    + _MEANS
    + r"\b|"
    r"\b"
    + _MEANS
    + r"(?: esta| estan| ya esta| ya estan)? (?:lista|listas|listo|listos|cargada|en mi mano|en la mano|aqui|junto a mi|en el cajon|en el closet|en mi cuarto)\b"
)
USE = r"\b(?:me (?:las|la|lo|los) voy a (?:tomar|tragar)|(?:la|lo|las|los) voy a usar|voy a (?:tomarmelas|usarla|usarlo|hacerlo))\b"
RESOLVE = r"\b(?:ya )?(?:estoy|me siento) (?:list[oa]|decidid[oa])\b|\bya me canse\b|\bse acabo\b|\bya es hora\b"
