"""Public clinical guidelines cited beyond the three source documents.

The source documents are the core of legwise's knowledge. Where safety needs
more than they say (a red flag they omit, a dangerous cause they never name),
a rule cites one of these guidelines by name, section and URL instead, and is
marked "beyond the source documents" in the rule book and in reports. The text
a rule cites is the guideline's recommendation in brief, not a quotation: the
guidelines do not ship with legwise, so read them at the URL.
"""
from expert.dsl import Guideline

NICE_STROKE = Guideline(
    "nice_ng128", "NICE NG128: Stroke and transient ischaemic attack in over 16s: diagnosis and initial management (2019, updated 2022)",
    "https://www.nice.org.uk/guidance/ng128")
BE_FAST = Guideline(
    "be_fast_2017", "Aroor S et al. BE-FAST (Balance, Eyes, Face, Arm, Speech, Time): reducing the proportion of strokes missed using the FAST mnemonic. Stroke 2017;48:479-481",
    "https://doi.org/10.1161/STROKEAHA.116.015169")
NICE_VTE = Guideline(
    "nice_ng158", "NICE NG158: Venous thromboembolic diseases: diagnosis, management and thrombophilia testing (2020, updated 2023)",
    "https://www.nice.org.uk/guidance/ng158")
NICE_SPINAL_METASTASES = Guideline(
    "nice_ng234", "NICE NG234: Spinal metastases and metastatic spinal cord compression (2023)",
    "https://www.nice.org.uk/guidance/ng234")
NICE_SCIATICA = Guideline(
    "nice_cks_sciatica", "NICE Clinical Knowledge Summary: Sciatica (lumbar radiculopathy)",
    "https://cks.nice.org.uk/topics/sciatica-lumbar-radiculopathy/")
NICE_HIP_FRACTURE = Guideline(
    "nice_cg124", "NICE CG124: Hip fracture: management (2011, updated 2023)",
    "https://www.nice.org.uk/guidance/cg124")
NICE_KNEE_PAIN = Guideline(
    "nice_cks_knee_pain", "NICE Clinical Knowledge Summary: Knee pain - assessment",
    "https://cks.nice.org.uk/topics/knee-pain-assessment/")
RHABDOMYOLYSIS = Guideline(
    "medlineplus_rhabdomyolysis", "MedlinePlus Medical Encyclopedia (US National Library of Medicine): Rhabdomyolysis",
    "https://medlineplus.gov/ency/article/000473.htm")
HOT_SWOLLEN_JOINT = Guideline(
    "bsr_hot_joint_2006", "Coakley G et al. BSR & BHPR, BOA, RCGP and BSAC guidelines for management of the hot swollen joint in adults. Rheumatology 2006;45:1039-1041",
    "https://doi.org/10.1093/rheumatology/kel163a")
NICE_CELLULITIS = Guideline(
    "nice_ng141", "NICE NG141: Cellulitis and erysipelas: antimicrobial prescribing (2019)",
    "https://www.nice.org.uk/guidance/ng141")
MYASTHENIA = Guideline(
    "abn_myasthenia_2015", "Sussman J et al. Myasthenia gravis: Association of British Neurologists' management guidelines. Pract Neurol 2015;15:199-206",
    "https://doi.org/10.1136/practneurol-2015-001126")
NICE_SEPSIS = Guideline(
    "nice_ng51", "NICE NG51: Suspected sepsis: recognition, diagnosis and early management (2016, updated 2024)",
    "https://www.nice.org.uk/guidance/ng51")
NICE_DELIRIUM = Guideline(
    "nice_cg103", "NICE CG103: Delirium: prevention, diagnosis and management in hospital and long-term care (2010, updated 2023)",
    "https://www.nice.org.uk/guidance/cg103")
NICE_CHEST_PAIN = Guideline(
    "nice_cg95", "NICE CG95: Recent-onset chest pain of suspected cardiac origin: assessment and diagnosis (2010, updated 2016)",
    "https://www.nice.org.uk/guidance/cg95")
NICE_BLACKOUTS = Guideline(
    "nice_cg109", "NICE CG109: Transient loss of consciousness ('blackouts') in over 16s (2010, updated 2023)",
    "https://www.nice.org.uk/guidance/cg109")
NICE_TYPE1_DIABETES = Guideline(
    "nice_ng17", "NICE NG17: Type 1 diabetes in adults: diagnosis and management (2015, updated 2022)",
    "https://www.nice.org.uk/guidance/ng17")
NICE_TYPE2_DIABETES = Guideline(
    "nice_ng28", "NICE NG28: Type 2 diabetes in adults: management (2015, updated 2022)",
    "https://www.nice.org.uk/guidance/ng28")
CLTI = Guideline(
    "gvg_clti_2019", "Conte MS et al. Global vascular guidelines on the management of chronic limb-threatening ischemia. J Vasc Surg 2019;69:3S-125S",
    "https://doi.org/10.1016/j.jvs.2019.02.016")
NICE_FALLS = Guideline(
    "nice_cg161", "NICE CG161: Falls in older people: assessing risk and prevention (2013)",
    "https://www.nice.org.uk/guidance/cg161")
GBS_TEN_STEPS = Guideline(
    "gbs_ten_steps_2019", "Leonhard SE et al. Diagnosis and management of Guillain-Barre syndrome in ten steps. Nat Rev Neurol 2019;15:671-683",
    "https://doi.org/10.1038/s41582-019-0250-9")
NICE_ANXIETY = Guideline(
    "nice_cg113", "NICE CG113: Generalised anxiety disorder and panic disorder in adults: management (2011, updated 2020)",
    "https://www.nice.org.uk/guidance/cg113")
NICE_IRON_ANAEMIA = Guideline(
    "nice_cks_iron_anaemia", "NICE Clinical Knowledge Summary: Anaemia - iron deficiency",
    "https://cks.nice.org.uk/topics/anaemia-iron-deficiency/")
HYPOKALAEMIA = Guideline(
    "medlineplus_hypokalaemia", "MedlinePlus Medical Encyclopedia (US National Library of Medicine): Low blood potassium",
    "https://medlineplus.gov/ency/article/000479.htm")
NICE_GOUT = Guideline(
    "nice_ng219", "NICE NG219: Gout: diagnosis and management (2022)",
    "https://www.nice.org.uk/guidance/ng219")
NICE_PMR = Guideline(
    "nice_cks_pmr", "NICE Clinical Knowledge Summary: Polymyalgia rheumatica",
    "https://cks.nice.org.uk/topics/polymyalgia-rheumatica/")
CERVICAL_MYELOPATHY = Guideline(
    "aospine_dcm_2017", "Fehlings MG et al. A clinical practice guideline for the management of patients with degenerative cervical myelopathy. Global Spine J 2017;7(3 Suppl):70S-83S",
    "https://doi.org/10.1177/2192568217701914")
NICE_HEART_FAILURE = Guideline(
    "nice_ng106", "NICE NG106: Chronic heart failure in adults: diagnosis and management (2018)",
    "https://www.nice.org.uk/guidance/ng106")
NICE_PARKINSONS = Guideline(
    "nice_ng71", "NICE NG71: Parkinson's disease in adults (2017)",
    "https://www.nice.org.uk/guidance/ng71")
NPH = Guideline(
    "inph_guidelines_2005", "Relkin N et al. Diagnosing idiopathic normal-pressure hydrocephalus. Neurosurgery 2005;57(3 Suppl):S4-16",
    "https://doi.org/10.1227/01.neu.0000168185.29659.c5")
FUNCTIONAL = Guideline(
    "fnd_2018", "Espay AJ et al. Current concepts in diagnosis and treatment of functional neurological disorders. JAMA Neurol 2018;75:1132-1141",
    "https://doi.org/10.1001/jamaneurol.2018.1264")
MYOPATHY = Guideline(
    "eular_acr_iim_2017", "Lundberg IE et al. 2017 EULAR/ACR classification criteria for adult and juvenile idiopathic inflammatory myopathies. Ann Rheum Dis 2017;76:1955-1964",
    "https://doi.org/10.1136/annrheumdis-2017-211468")
NICE_SUSPECTED_CANCER = Guideline(
    "nice_ng12", "NICE NG12: Suspected cancer: recognition and referral (2015, updated 2023)",
    "https://www.nice.org.uk/guidance/ng12")
